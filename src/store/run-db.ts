/** Runs kept in IndexedDB (plain API): one record per run, rewritten after every iteration and at every status change. */
import type { PresetName } from '../config';
import type { ExperimentSnapshot } from '../em/experiment';
import type { MatmulVariant } from '../nn/ops/matmul';

export type StoredStatus = 'running' | 'paused' | 'stopped' | 'finished' | 'failed' | 'interrupted';

export interface StoredRun {
  id: string;
  name: string;
  preset: PresetName;
  createdAt: number;
  updatedAt: number;
  status: StoredStatus;
  message?: string;
  /** The matmul kernels the run started with: a resume pins them, so its numbers continue bitwise (absent in older records). */
  matmulVariant?: MatmulVariant;
  snapshot: ExperimentSnapshot;
}

const DB_NAME = 'autocode-playground';
const STORE = 'runs';
let opened: Promise<IDBDatabase> | null = null;

function database(): Promise<IDBDatabase> {
  opened ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
  });
  return opened;
}

async function transact<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await database();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(STORE, mode);
    const request = work(transaction.objectStore(STORE));
    transaction.oncomplete = () => resolve(request.result);
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export function saveRun(run: StoredRun): Promise<IDBValidKey> {
  return transact('readwrite', (store) => store.put(run));
}

export function loadRun(id: string): Promise<StoredRun | undefined> {
  return transact('readonly', (store) => store.get(id) as IDBRequest<StoredRun | undefined>);
}

export function deleteRun(id: string): Promise<undefined> {
  return transact('readwrite', (store) => store.delete(id));
}

export async function listRuns(): Promise<StoredRun[]> {
  const runs = await transact('readonly', (store) => store.getAll() as IDBRequest<StoredRun[]>);
  return runs.sort((a, b) => b.createdAt - a.createdAt);
}

/**
 * The host side of the sandbox: a fixed number of workers, a queue, deadlines, and the rule that every
 * submitted program gets exactly one outcome. Host-agnostic: browser.ts and node.ts supply the workers.
 */
import type { InitMessage, RunRequest, WorkerMessage } from './protocol';
import type { Program, RunLimits, RunOutcome, SandboxInfo, SandboxPool } from './types';
import { DEFAULT_KILL_GRACE_MS, DEFAULT_LIMITS, DEFAULT_MAX_MEMORY_BYTES, RECYCLE_HEAP_BYTES, resolveLimits } from './defaults';

/** One started worker, as the pool sees it. */
export interface WorkerHandle {
  send(request: RunRequest): void;
  onMessage(handler: (message: WorkerMessage) => void): void;
  /** The worker died (crash, exit, load error). */
  onExit(handler: (reason: string) => void): void;
  terminate(): void;
}

export type SpawnWorker = (init: InitMessage) => WorkerHandle;

export interface PoolConfig {
  spawn: SpawnWorker;
  workers: number;
  /** Whether SharedArrayBuffer exists here, so programs can be interrupted rather than only killed. */
  interruptible: boolean;
  defaultLimits?: RunLimits;
  killGraceMs?: number;
  maxMemoryBytes?: number;
  /** Workers kept booted on standby, so that a killed worker is replaced at once (default 1). */
  spareWorkers?: number;
  /** A Pyodide snapshot from an earlier pool (a host caches it): every worker starts from it. */
  snapshot?: Uint8Array | Promise<Uint8Array | undefined>;
  /** Called with the snapshot the first worker made, where none was given. */
  onSnapshot?(snapshot: Uint8Array): void;
  /** Called when a worker could not start from the snapshot (it started from scratch instead). */
  onSnapshotRejected?(): void;
}

interface Job {
  seq: string;
  id: string;
  code: string;
  limits: Required<RunLimits>;
  resolve(outcome: RunOutcome): void;
  /** Set when the host's deadline fired: the host's clock decides, since the worker starts its own later. */
  deadlinePassed?: boolean;
}

interface Slot {
  handle: WorkerHandle;
  state: 'booting' | 'idle' | 'busy' | 'retired';
  job?: Job;
  startedAt: number;
  interrupt?: Uint8Array;
  /** Given the snapshot to start from. */
  givenSnapshot: boolean;
  timers: ReturnType<typeof setTimeout>[];
}

const SIGINT = 2;
/** A worker that fails to load this many times in a row means Pyodide cannot load here at all. */
const MAX_BOOT_FAILURES = 3;
/** While an interrupted program runs on, the signal is repeated: Pyodide clears it on delivery. */
const RESIGNAL_MS = 20;
/** A worker that has not started by then is given up on (a loaded 2-core machine starts one in 3-30 s). */
const BOOT_TIMEOUT_MS = 180_000;

export class WorkerPool implements SandboxPool {
  private readonly slots: Slot[] = [];
  private readonly spares: Slot[] = [];
  private readonly spareCount: number;
  private readonly workerCount: number;
  /** Made by the first worker; every later worker starts from it. */
  private snapshot: Uint8Array | undefined;
  private readonly queue: Job[] = [];
  private readonly limits: Required<RunLimits>;
  private readonly killGraceMs: number;
  private readonly maxMemoryBytes: number;
  private nextSeq = 0;
  private spawned = 0;
  private startedFromSnapshot = 0;
  private bootFailures = 0;
  private brokenReason: string | undefined;
  private closed = false;
  private readyWaiters: Array<() => void> = [];
  /** Runs submitted and not yet settled; while there are any, a timer keeps a Node host's event loop alive. */
  private outstanding = 0;
  private keepAlive: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly config: PoolConfig) {
    this.limits = resolveLimits(config.defaultLimits, DEFAULT_LIMITS);
    this.killGraceMs = Math.max(0, config.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
    this.maxMemoryBytes = config.maxMemoryBytes ?? DEFAULT_MAX_MEMORY_BYTES;
    this.spareCount = Math.max(0, Math.floor(config.spareWorkers ?? 1));
    this.workerCount = Math.max(1, Math.floor(config.workers));
    const given = config.snapshot;
    if (given instanceof Promise) {
      given.then((snapshot) => this.begin(snapshot), () => this.begin(undefined));
    } else {
      this.begin(given);
    }
  }

  /** Without a snapshot, the first worker starts alone and makes one; the rest start from it (see fillSlots). */
  private begin(snapshot: Uint8Array | undefined): void {
    if (this.closed) return;
    this.snapshot = snapshot;
    if (snapshot) this.fillSlots();
    else this.slots.push(this.startSlot(true));
  }

  run(code: string, limits?: RunLimits, id?: string): Promise<RunOutcome> {
    const seq = `r${this.nextSeq++}`;
    const job: Omit<Job, 'resolve'> = { seq, id: id ?? seq, code, limits: resolveLimits(limits, this.limits) };
    return new Promise<RunOutcome>((resolve) => {
      if (this.closed || this.brokenReason !== undefined) {
        resolve(failure(job.id, 'error', 'SandboxUnavailable', this.brokenReason ?? 'the sandbox is closed', 0));
        return;
      }
      let settled = false;
      this.outstanding++;
      this.updateKeepAlive();
      this.queue.push({
        ...job,
        resolve: (outcome) => {
          if (settled) return;
          settled = true;
          this.outstanding--;
          this.updateKeepAlive();
          resolve(outcome);
        },
      });
      this.pump();
    });
  }

  runMany(programs: readonly (Program & { id?: string })[]): Promise<RunOutcome[]> {
    return Promise.all(programs.map((program) => this.run(program.code, program.limits, program.id)));
  }

  ready(): Promise<void> {
    if (this.allBooted()) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  info(): SandboxInfo {
    return { workers: this.workerCount, interruptible: this.config.interruptible, spawned: this.spawned, startedFromSnapshot: this.startedFromSnapshot };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const spare of this.spares.splice(0)) this.retire(spare);
    for (const slot of this.slots) {
      const job = slot.job;
      this.retire(slot);
      if (job) job.resolve(failure(job.id, 'killed', 'SandboxClosed', 'the sandbox was closed during the run', performance.now() - slot.startedAt));
    }
    for (const job of this.queue.splice(0)) job.resolve(failure(job.id, 'error', 'SandboxClosed', 'the sandbox was closed before the run', 0));
    this.flushReadyWaiters();
  }

  private startSlot(makeSnapshot = false): Slot {
    const sharedInterrupt = this.config.interruptible ? new SharedArrayBuffer(1) : undefined;
    const init: InitMessage = { type: 'init', maxMemoryBytes: this.maxMemoryBytes, recycleHeapBytes: RECYCLE_HEAP_BYTES };
    if (sharedInterrupt) init.interruptBuffer = sharedInterrupt;
    if (makeSnapshot) init.makeSnapshot = true;
    else if (this.snapshot) init.snapshot = this.snapshot;
    const handle = this.config.spawn(init);
    this.spawned++;
    const slot: Slot = {
      handle,
      state: 'booting',
      startedAt: 0,
      givenSnapshot: init.snapshot !== undefined,
      timers: [],
      ...(sharedInterrupt ? { interrupt: new Uint8Array(sharedInterrupt) } : {}),
    };
    const bootTimer = setTimeout(() => {
      if (slot.state === 'booting') this.onWorkerLost(slot, `did not start within ${BOOT_TIMEOUT_MS / 1000} s`);
    }, BOOT_TIMEOUT_MS);
    (bootTimer as { unref?: () => void }).unref?.(); // waiting runs keep the host alive, not a boot
    slot.timers.push(bootTimer);
    handle.onMessage((message) => this.onMessage(slot, message));
    handle.onExit((reason) => this.onWorkerLost(slot, `the worker stopped: ${reason}`));
    return slot;
  }

  private onMessage(slot: Slot, message: WorkerMessage): void {
    if (slot.state === 'retired') return;
    if (message.type === 'snapshot') {
      this.snapshot = message.data;
      this.config.onSnapshot?.(message.data);
      this.fillSlots();
    } else if (message.type === 'ready') {
      this.bootFailures = 0;
      this.clearTimers(slot);
      if (message.fromSnapshot) this.startedFromSnapshot++;
      if (slot.givenSnapshot && !message.fromSnapshot && this.snapshot) {
        this.snapshot = undefined; // unusable here: later workers start from scratch
        this.config.onSnapshotRejected?.();
      }
      slot.state = 'idle';
      this.fillSlots();
      this.ensureSpares();
      if (this.allBooted()) this.flushReadyWaiters();
      this.pump();
    } else if (message.type === 'done') {
      const job = slot.job;
      if (!job || job.seq !== message.outcome.id) return; // a stale answer for a run already settled
      this.clearTimers(slot);
      slot.job = undefined;
      job.resolve(job.deadlinePassed ? asTimeout(message.outcome, job) : { ...message.outcome, id: job.id });
      if (message.recycle) this.replace(slot);
      else slot.state = 'idle';
      this.pump();
    } else {
      this.onWorkerLost(slot, message.message);
    }
  }

  /** The worker cannot answer any more: settle its run as killed and start another in its place. */
  private onWorkerLost(slot: Slot, reason: string): void {
    if (slot.state === 'retired') return;
    if (slot.state === 'booting') {
      this.bootFailures++;
      if (this.bootFailures >= MAX_BOOT_FAILURES) {
        this.breakPool(`Pyodide could not be started: ${reason}`);
        return;
      }
    }
    const spareIndex = this.spares.indexOf(slot);
    if (spareIndex >= 0) {
      this.spares.splice(spareIndex, 1);
      this.retire(slot);
      this.ensureSpares();
      return;
    }
    const job = slot.job;
    this.replace(slot);
    this.fillSlots(); // the first worker died before its snapshot: the others must not wait for it
    if (job) job.resolve(failure(job.id, 'killed', 'WorkerCrash', reason, performance.now() - slot.startedAt));
    this.pump();
  }

  private pump(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.state === 'idle') this.dispatch(slot, this.queue.shift() as Job);
    }
  }

  private dispatch(slot: Slot, job: Job): void {
    slot.state = 'busy';
    slot.job = job;
    slot.startedAt = performance.now();
    slot.handle.send({ type: 'run', id: job.seq, code: job.code, limits: job.limits });
    slot.timers.push(setTimeout(() => this.onDeadline(slot, job), job.limits.timeoutMs));
  }

  private onDeadline(slot: Slot, job: Job): void {
    if (slot.job !== job) return;
    job.deadlinePassed = true;
    const interrupt = slot.interrupt;
    if (!interrupt) {
      this.kill(slot, job, `ran past the time limit of ${job.limits.timeoutMs} ms (no interrupt buffer here: the worker was terminated)`);
      return;
    }
    Atomics.store(interrupt, 0, SIGINT);
    slot.timers.push(setInterval(() => Atomics.store(interrupt, 0, SIGINT), RESIGNAL_MS));
    slot.timers.push(setTimeout(() => this.kill(slot, job,
      `ran past the time limit of ${job.limits.timeoutMs} ms and did not stop within ${this.killGraceMs} ms of the interrupt`), this.killGraceMs));
  }

  private kill(slot: Slot, job: Job, message: string): void {
    if (slot.job !== job) return;
    this.replace(slot);
    job.resolve(failure(job.id, 'killed', 'Timeout', message, performance.now() - slot.startedAt));
    this.pump();
  }

  /** Terminates a slot's worker and puts a booted spare, or else a fresh worker, in its place. */
  private replace(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    this.retire(slot);
    if (index < 0 || this.closed || this.brokenReason !== undefined) return;
    const standby = this.spares.findIndex((spare) => spare.state === 'idle');
    this.slots[index] = standby >= 0 ? this.spares.splice(standby, 1)[0] : this.startSlot();
    this.ensureSpares();
  }

  /** Starts the working slots that wait for the first worker (its snapshot, or its start without one). */
  private fillSlots(): void {
    if (this.closed || this.brokenReason !== undefined) return;
    while (this.slots.length < this.workerCount) this.slots.push(this.startSlot());
  }

  /** Spares boot only once no working slot is booting: they must not slow down the pool's own start. */
  private ensureSpares(): void {
    if (this.closed || this.brokenReason !== undefined) return;
    if (this.slots.length < this.workerCount || this.slots.some((slot) => slot.state === 'booting')) return;
    while (this.spares.length < this.spareCount) this.spares.push(this.startSlot());
  }

  private retire(slot: Slot): void {
    this.clearTimers(slot);
    slot.state = 'retired';
    slot.job = undefined;
    slot.handle.terminate();
  }

  private clearTimers(slot: Slot): void {
    for (const timer of slot.timers) clearTimeout(timer);
    slot.timers = [];
  }

  private breakPool(reason: string): void {
    this.brokenReason = reason;
    for (const spare of this.spares.splice(0)) this.retire(spare);
    for (const slot of this.slots) {
      const job = slot.job;
      this.retire(slot);
      if (job) job.resolve(failure(job.id, 'error', 'SandboxUnavailable', reason, 0));
    }
    for (const job of this.queue.splice(0)) job.resolve(failure(job.id, 'error', 'SandboxUnavailable', reason, 0));
    this.flushReadyWaiters();
  }

  private updateKeepAlive(): void {
    if (this.outstanding > 0 && this.keepAlive === undefined) this.keepAlive = setInterval(() => undefined, 60_000);
    if (this.outstanding === 0 && this.keepAlive !== undefined) {
      clearInterval(this.keepAlive);
      this.keepAlive = undefined;
    }
  }

  private allBooted(): boolean {
    if (this.closed || this.brokenReason !== undefined) return true;
    const booted = (slot: Slot): boolean => slot.state !== 'booting';
    return this.slots.length === this.workerCount && this.slots.every(booted)
      && this.spares.length === this.spareCount && this.spares.every(booted);
  }

  private flushReadyWaiters(): void {
    for (const resolve of this.readyWaiters.splice(0)) resolve();
  }
}

/** A program that ended after the deadline (it caught the interrupt, or finished just late) timed out. */
function asTimeout(outcome: RunOutcome, job: Job): RunOutcome {
  if (outcome.status !== 'ok' && outcome.status !== 'error') return { ...outcome, id: job.id };
  const line = outcome.error?.line;
  return {
    ...outcome,
    id: job.id,
    status: 'timeout',
    error: { type: 'Timeout', message: `ran past the time limit of ${job.limits.timeoutMs} ms`, ...(line === undefined ? {} : { line }) },
  };
}

function failure(id: string, status: 'killed' | 'error', type: string, message: string, durationMs: number): RunOutcome {
  return { id, status, stdout: '', stderr: '', truncated: false, error: { type, message }, durationMs };
}

/** The page's side of the runner: starts the experiment worker and relays commands and events. */
import type { ExperimentConfig } from '../config/schema';
import type { ExperimentSnapshot } from '../em/experiment';
import type { MatmulVariant } from '../nn/ops/matmul';
import type { RunnerCommand, RunnerEvent } from './protocol';

export class ExperimentClient {
  private readonly worker: Worker;
  private readonly listeners = new Set<(event: RunnerEvent) => void>();

  constructor() {
    this.worker = new Worker(new URL('./experiment.worker.ts', import.meta.url), { type: 'module', name: 'experiment' });
    this.worker.onmessage = (message: MessageEvent<RunnerEvent>) => {
      for (const listener of this.listeners) listener(message.data);
    };
    this.worker.onerror = (error) => {
      error.preventDefault();
      for (const listener of this.listeners) listener({ type: 'fatal', message: `The experiment worker failed: ${error.message}` });
    };
  }

  on(listener: (event: RunnerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(config: ExperimentConfig, snapshot?: ExperimentSnapshot, matmulVariant?: MatmulVariant): void {
    this.send({ type: 'start', config, snapshot, matmulVariant });
  }

  pause(): void {
    this.send({ type: 'pause' });
  }

  resume(): void {
    this.send({ type: 'resume' });
  }

  stop(): void {
    this.send({ type: 'stop' });
  }

  terminate(): void {
    this.worker.terminate();
  }

  private send(command: RunnerCommand): void {
    this.worker.postMessage(command);
  }
}

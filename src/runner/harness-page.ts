/**
 * experiment.html: the runner without the UI, for the experiment CLI and e2e tests. Playwright calls
 * window.autocodeHarness.start(config[, matmulVariant]) and receives every event through the `autocodeEvent` binding;
 * snapshots travel without their parameter arrays (the CLI needs metrics and traces, not weights).
 */
import type { ExperimentConfig } from '../config/schema';
import type { ExperimentSnapshot } from '../em/experiment';
import type { MatmulVariant } from '../nn/ops/matmul';
import { ExperimentClient } from './client';
import type { RunnerEvent } from './protocol';

export type HarnessEvent = Exclude<RunnerEvent, { type: 'snapshot' }> | { type: 'snapshot'; snapshot: Omit<ExperimentSnapshot, 'warmStartParams'> };

declare global {
  interface Window {
    autocodeHarness: { start(config: ExperimentConfig, matmulVariant?: MatmulVariant): void; pause(): void; resume(): void; stop(): void };
    autocodeEvent?: (event: HarnessEvent) => void;
  }
}

function withoutWeights(snapshot: ExperimentSnapshot): Omit<ExperimentSnapshot, 'warmStartParams'> {
  const arms: ExperimentSnapshot['arms'] = {};
  for (const [arm, state] of Object.entries(snapshot.arms)) if (state) arms[arm as keyof typeof arms] = { ...state, params: null };
  return { config: snapshot.config, warmStartOrigin: snapshot.warmStartOrigin, arms, seconds: snapshot.seconds };
}

const client = new ExperimentClient();
client.on((event) => window.autocodeEvent?.(event.type === 'snapshot' ? { type: 'snapshot', snapshot: withoutWeights(event.snapshot) } : event));
window.autocodeHarness = {
  start: (config, matmulVariant) => client.start(config, undefined, matmulVariant),
  pause: () => client.pause(),
  resume: () => client.resume(),
  stop: () => client.stop(),
};

/** The message protocol between the page and the experiment worker: commands in, events out. */
import type { ExperimentConfig } from '../config/schema';
import type { ExperimentSnapshot } from '../em/experiment';
import type { ExperimentEvent } from '../em/types';
import type { AdapterDescription } from '../gpu/context';
import type { MatmulVariant } from '../nn/ops/matmul';

export type RunnerCommand =
  /**
   * matmulVariant pins the kernels (results are bitwise per variant on one adapter); without it the worker
   * tunes, or uses the tune cached for this adapter.
   */
  | { type: 'start'; config: ExperimentConfig; snapshot?: ExperimentSnapshot; matmulVariant?: MatmulVariant }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' };

export interface DeviceReport {
  adapter: AdapterDescription;
  matmulVariant: MatmulVariant;
  /** How the matmul variant was chosen: a measured tune now, the tune cached for this adapter, or 'pinned'. */
  tune: string;
}

export type RunnerEvent =
  | ExperimentEvent
  | { type: 'device'; device: DeviceReport }
  /** A checkpoint the page should persist: sent after every completed iteration and at a stop. */
  | { type: 'snapshot'; snapshot: ExperimentSnapshot }
  /** The device was lost or WebGPU is missing: the run is over, its last snapshot stands. */
  | { type: 'fatal'; message: string };

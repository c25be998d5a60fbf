/** The benchmark's result, as the page publishes it and `npm run bench -- --json FILE` writes it. */
export interface AdapterReport {
  vendor: string;
  architecture: string;
  description: string;
  isFallback: boolean;
}

export interface MatmulRow {
  /** Square size n for n x n x n products, or null for a model shape. */
  n: number | null;
  /** Product shape: out[N, OC] = inp[N, C] @ weight[OC, C]^T. */
  N: number;
  C: number;
  OC: number;
  ours_gflops: number;
  tfjs_gflops: number;
  variant: string;
}

export interface TrainStepReport {
  ours_tokens_per_s?: number;
  tfjs_tokens_per_s: number;
  tokens_per_step: number;
}

export interface GenerateReport {
  cached_tokens_per_s: number;
  uncached_tokens_per_s: number;
}

export interface SandboxReport {
  runs_per_s: number;
  cold_start_ms: number;
  timeout_latency_ms: number;
  kill_latency_ms: number;
}

export interface BenchReport {
  adapter: AdapterReport;
  /** How our GPU work was timed ('wall-clock' includes a readback, as tfjs's side does). */
  timing: string;
  tune: { variant: string; ms_by_variant: Record<string, number>; tune_ms: number };
  matmul: MatmulRow[];
  train_step?: TrainStepReport;
  generate?: GenerateReport;
  sandbox?: SandboxReport;
  /** Sections that could not run, with the reason. */
  skipped: Record<string, string>;
  quick: boolean;
}

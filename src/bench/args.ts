/** Command-line options of `npm run bench`. */
export interface BenchArgs {
  json: string | null;
  quick: boolean;
  variant: string | null;
  /** Subset of sections to run (null: all). */
  sections: string[] | null;
}

export const BENCH_SECTIONS = ['matmul', 'train_step', 'generate', 'sandbox'] as const;

export const BENCH_USAGE = `usage: npm run bench -- [--quick] [--json FILE] [--variant NAME] [--sections LIST]
  --quick          fewer repetitions (a short run)
  --json FILE      also write the report as JSON to FILE
  --variant NAME   force a matmul variant instead of the measured tune
  --sections LIST  comma-separated subset of matmul,train_step,generate,sandbox (default: all)
environment: BENCH_GPU=1 lets Chromium use the machine's GPU instead of forcing SwiftShader;
             CHROMIUM_PATH picks the browser`;

export class BenchUsageError extends Error {
  override name = 'BenchUsageError';
}

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { json: null, quick: false, variant: null, sections: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new BenchUsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--quick') args.quick = true;
    else if (arg === '--json') args.json = value();
    else if (arg === '--variant') args.variant = value();
    else if (arg === '--sections') {
      args.sections = value().split(',');
      const unknown = args.sections.filter((name) => !(BENCH_SECTIONS as readonly string[]).includes(name));
      if (unknown.length) throw new BenchUsageError(`unknown section ${unknown.join(', ')}; expected ${BENCH_SECTIONS.join(', ')}`);
    }
    else throw new BenchUsageError(`unknown option ${JSON.stringify(arg)}`);
  }
  return args;
}

import { describe, expect, it } from 'vitest';
import { getPreset } from '../src/config';
import { parseWarmStartArgs, shellQuote, UsageError } from './warmstart-args';

describe('warmstart CLI arguments', () => {
  it('reads the preset, the config options and the run options; records the reproducing command', () => {
    const args = parseWarmStartArgs(['--preset', 'tiny', '--out', 'public/warmstart', '--seed', '7', '--set', 'warmStart.lr=0.001', '--steps', '12', '--checkpoint-every', '5', '--eval-every', '0', '--eval-per-family', '2', '--stop-after', '6', '--restart']);
    const expected = getPreset('tiny');
    expected.seed = 7;
    expected.warmStart.lr = 0.001;
    expected.warmStart.steps = 12;
    expect(args.config).toEqual(expected);
    expect(args).toMatchObject({ preset: 'tiny', out: 'public/warmstart', checkpointEvery: 5, evalEvery: 0, evalPerFamily: 2, stopAfter: 6, restart: true });
    expect(args.command).toBe('npm run warmstart -- --preset tiny --seed 7 --set warmStart.lr=0.001 --steps 12 --out public/warmstart');
  });

  it('has defaults for the run options, and always records the seed', () => {
    const args = parseWarmStartArgs(['--preset', 'small', '--out', 'out dir']);
    expect(args.config).toEqual(getPreset('small'));
    expect(args).toMatchObject({ checkpointEvery: 100, evalEvery: 250, evalPerFamily: 6, stopAfter: null, restart: false, matmulVariant: null });
    expect(args.command).toBe("npm run warmstart -- --preset small --seed 1 --out 'out dir'");
  });

  it('pins the matmul variant, and the reproducing command keeps it (the floats depend on it)', () => {
    const args = parseWarmStartArgs(['--preset', 'tiny', '--out', 'x', '--matmul-variant', 'workgroup-tiled']);
    expect(args.matmulVariant).toBe('workgroup-tiled');
    expect(args.command).toBe('npm run warmstart -- --preset tiny --seed 1 --matmul-variant workgroup-tiled --out x');
  });

  it.each([
    [['--preset', 'tiny', '--out', 'x', '--matmul-variant', 'fastest'], '--matmul-variant is one of register-blocked, workgroup-tiled, got "fastest"'],
    [['--out', 'x'], '--preset is required'],
    [['--preset', 'tiny'], '--out is required'],
    [['--preset', 'huge', '--out', 'x'], 'unknown preset "huge"'],
    [['--preset', 'tiny', '--out'], '--out needs a value'],
    [['--preset', 'tiny', '--out', 'x', '--steps', '0'], '--steps must be an integer of at least 1, got "0"'],
    [['--preset', 'tiny', '--out', 'x', '--steps', '2.5'], '--steps must be an integer'],
    [['--preset', 'tiny', '--out', 'x', '--checkpoint-every', 'often'], '--checkpoint-every must be an integer'],
    [['--preset', 'tiny', '--out', 'x', '--eval-every', '-1'], '--eval-every must be an integer of at least 0, got "-1"'],
    [['--preset', 'tiny', '--out', 'x', '--eval-per-family', '0'], '--eval-per-family must be an integer of at least 1'],
    [['--preset', 'tiny', '--out', 'x', '--set', 'model.width'], '--set takes key=value'],
    [['--preset', 'tiny', '--out', 'x', '--set', 'model.depth=3'], 'model.depth: unknown setting'],
    [['--preset', 'tiny', '--out', 'x', '--set', 'model.heads=3'], 'model.heads: 3 rejected'],
    [['--preset', 'tiny', '--out', 'x', '--seed', 'abc'], 'seed: expected a number'],
    [['--preset', 'tiny', '--out', 'x', '--iterations', '3'], 'unknown option "--iterations"'],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseWarmStartArgs(argv)).toThrow(UsageError);
    expect(() => parseWarmStartArgs(argv)).toThrow(message);
  });

  it('quotes words for a shell only when needed', () => {
    expect(shellQuote('warmStart.lr=0.001')).toBe('warmStart.lr=0.001');
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});

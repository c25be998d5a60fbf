import { describe, expect, it } from 'vitest';
import { getPreset } from '../src/config';
import { runFromJson } from '../src/store/run-file';
import { parseExperimentArgs, UsageError } from './experiment-args';
import { beliefsCsv, buildReport, formatTable, runFileJson } from './experiment-report';

describe('experiment CLI options', () => {
  it('applies the preset, --set, --arms, --iterations and --seed', () => {
    const args = parseExperimentArgs(['--preset', 'tiny', '--set', 'mStep.lr=0.002', '--arms', 'em,sft', '--iterations', '3', '--seed', '9', '--json', 'out.json']);
    const expected = getPreset('tiny');
    expect(args.config.mStep.lr).toBe(0.002);
    expect(args.config.iterations).toBe(3);
    expect(args.config.seed).toBe(9);
    expect(args.config.arms).toEqual({ em: true, standardRl: false, sft: true, forcedCot: false, forcedCode: false });
    expect(args.config.model).toEqual(expected.model);
    expect(args).toMatchObject({ preset: 'tiny', json: 'out.json', csv: null, runFile: null, host: 'browser', matmulVariant: null });
    expect(parseExperimentArgs(['--run-file', 'run.json']).runFile).toBe('run.json');
    expect(parseExperimentArgs(['--matmul-variant', 'register-blocked']).matmulVariant).toBe('register-blocked');
  });

  it.each([
    [['--preset', 'huge'], /unknown preset "huge"/],
    [['--set', 'mStep.lr'], /key=value/],
    [['--set', 'model.width=wide'], /model.width: expected a number/],
    [['--set', 'model.heads=5'], /model.heads/],
    [['--set', 'nope.key=1'], /nope.key: unknown setting/],
    [['--arms', 'em,magic'], /unknown arm "magic"/],
    [['--iterations'], /--iterations needs a value/],
    [['--run-file'], /--run-file needs a value/],
    [['--host', 'gpu'], /--host is browser or node/],
    [['--matmul-variant', 'auto'], /--matmul-variant is one of register-blocked, workgroup-tiled, got "auto"/],
    [['--frobnicate'], /unknown option "--frobnicate"/],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseExperimentArgs(argv)).toThrow(UsageError);
    expect(() => parseExperimentArgs(argv)).toThrow(message);
  });
});

describe('experiment report', () => {
  const metrics = (iteration: number, accuracy: number) => ({
    iteration,
    accuracy,
    codeRate: 0.5,
    strictAlign: 0.25,
    allowCode: 0.75,
    misAlign: 0.125,
    meanBelief: 0.4,
    forcedCot: 0.375,
    forcedCode: iteration === 0 ? 0.875 : null,
    count: 8,
    byFamily: { add: { accuracy, codeRate: 0.5, strictAlign: 0.25, allowCode: 0.75, misAlign: 0.125, meanBelief: 0.4, forcedCot: 0.375, forcedCode: null, count: 8 } },
  });
  const trace = { id: 'query-0', family: 'add' as const, split: 'query' as const, question: '1+2', belief: [0.3, 0.6], qCot: [null, 0.5], qCode: [null, 1], sCode: [null, 0.8] };
  const snapshot = {
    config: getPreset('tiny'),
    seconds: 12.34,
    warmStartOrigin: { source: 'shipped' as const, sha256: 'c0'.repeat(32), command: 'npm run warmstart -- --preset small --out public/warmstart', adapter: 'SwiftShader', wallSeconds: 3900 },
    arms: {
      em: { iterations: [metrics(0, 0.1), metrics(1, 0.4)], params: null, traces: [trace], rollouts: [] },
      sft: { iterations: [metrics(0, 0.1)], params: null, traces: [trace], rollouts: [] },
    },
  };

  it('builds the JSON fields the issue names, with em\'s traces', () => {
    const report = buildReport(snapshot, null, 'register-blocked');
    expect(Object.keys(report.arms)).toEqual(['em', 'sft']);
    expect(report.arms.em?.iterations.map((m) => m.iteration)).toEqual([0, 1]);
    expect(report.problemsArm).toBe('em');
    expect(report.problems).toEqual([{ id: 'query-0', family: 'add', split: 'query', belief: [0.3, 0.6], qCot: [null, 0.5], qCode: [null, 1] }]);
    expect(report.seconds).toBe(12.3);
    expect(report.warmStartOrigin).toEqual(snapshot.warmStartOrigin);
  });

  it('prints one table row per arm and iteration, and a CSV row per problem and iteration', () => {
    const report = buildReport(snapshot, null, null);
    const table = formatTable(report).split('\n');
    expect(table).toHaveLength(2 + 3);
    expect(table[2]).toMatch(/^em\s+0\s+10\.0%\s+50\.0%\s+25\.0%\s+75\.0%\s+12\.5%\s+0\.400\s+37\.5%\s+87\.5%$/);
    expect(table[3]).toMatch(/^em\s+1\s+40\.0%\s+50\.0%\s+25\.0%\s+75\.0%\s+12\.5%\s+0\.400\s+37\.5%\s+-$/);
    expect(beliefsCsv(report)).toBe('id,family,split,iteration,belief,q_cot,q_code\nquery-0,add,query,0,0.3,,\nquery-0,add,query,1,0.6,0.5,1\n');
  });

  it('writes a run file the page imports: the curves, traces and rollouts, no parameters', () => {
    const withParams = { ...snapshot, arms: { ...snapshot.arms, em: { ...snapshot.arms.em, params: new Float32Array([1, 2]) } } };
    const imported = runFromJson(runFileJson(withParams, 'tiny', 'finished', 1234, 'register-blocked'), 'run.json');
    if (!imported.ok) throw new Error(imported.message);
    expect(imported.run).toMatchObject({ preset: 'tiny', status: 'finished', name: 'tiny, seed 1 (command line) (imported)', matmulVariant: 'register-blocked' });
    expect(imported.run.snapshot.config).toEqual(snapshot.config);
    expect(imported.run.snapshot.warmStartOrigin).toEqual(snapshot.warmStartOrigin);
    expect(imported.run.snapshot.warmStartParams).toBeNull();
    expect(imported.run.snapshot.arms.em).toEqual({ ...snapshot.arms.em, params: null });
    expect(imported.run.snapshot.arms.sft).toEqual(snapshot.arms.sft);
    expect(runFromJson(runFileJson(snapshot, 'lab-preset', 'stopped', 1234, null), 'run.json')).toMatchObject({ ok: true, run: { preset: 'default', status: 'stopped' } });
  });
});

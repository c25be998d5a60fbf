import { describe, expect, it } from 'vitest';
import { getPreset } from '../config';
import type { StoredRun } from './run-db';
import { beliefsCsv, runFromJson, runToJson } from './run-file';

function sampleRun(): StoredRun {
  const config = getPreset('tiny');
  return {
    id: 'run-1',
    name: 'tiny run',
    preset: 'tiny',
    createdAt: 1,
    updatedAt: 2,
    status: 'finished',
    matmulVariant: 'workgroup-tiled',
    snapshot: {
      config,
      warmStartParams: new Float32Array([0.5, -1.25, 3]),
      warmStartOrigin: { source: 'shipped', sha256: 'ab'.repeat(32), command: 'npm run warmstart -- --preset small --out public/warmstart', adapter: 'SwiftShader', wallSeconds: 3600 },
      seconds: 12,
      arms: {
        em: {
          iterations: [{ iteration: 0, accuracy: 0.5, codeRate: 0.25, strictAlign: 0.5, allowCode: 0.5, misAlign: 0.25, meanBelief: 0.4, forcedCot: 0.25, forcedCode: 0.75, count: 4, byFamily: {} }],
          params: new Float32Array([1, 2]),
          traces: [{ id: 'query-0', family: 'add', split: 'query', question: '1+2, "x"', belief: [0.4, 0.6], qCot: [null, 0.5], qCode: [null, 1], sCode: [null, 0.8] }],
          rollouts: [{ problemId: 'test-0', method: 'code', forced: true, text: '<code>1/0</code>', verdict: 'wrong-answer', correct: false, answer: null, sandbox: { status: 'error', stdout: '', stderr: '', error: { type: 'ZeroDivisionError', message: 'division by zero', line: 1 } } }],
        },
      },
    },
  };
}

describe('run files', () => {
  it('round-trips a run, parameters included, under a fresh id', () => {
    const result = runFromJson(runToJson(sampleRun()), 'run.json');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.run.id).not.toBe('run-1');
    expect([...(result.run.snapshot.warmStartParams ?? [])]).toEqual([0.5, -1.25, 3]);
    expect(result.run.snapshot.warmStartOrigin).toEqual(sampleRun().snapshot.warmStartOrigin);
    expect([...(result.run.snapshot.arms.em?.params ?? [])]).toEqual([1, 2]);
    expect(result.run.snapshot.arms.em?.traces[0].qCode).toEqual([null, 1]);
    expect(result.run.snapshot.config).toEqual(sampleRun().snapshot.config);
    expect(result.run.snapshot.arms.em?.iterations).toEqual(sampleRun().snapshot.arms.em?.iterations);
    expect(result.run.matmulVariant).toBe('workgroup-tiled');
  });

  it('reads a file saved before the forced-method skills were recorded, as not recorded', () => {
    const data = JSON.parse(runToJson(sampleRun())) as { arms: { em: { iterations: Array<Record<string, unknown>> } } };
    for (const metrics of data.arms.em.iterations) {
      delete metrics.forcedCot;
      delete metrics.forcedCode;
    }
    delete (data as { matmulVariant?: unknown }).matmulVariant;
    const result = runFromJson(JSON.stringify(data), 'old.json');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.run.snapshot.arms.em?.iterations[0]).toMatchObject({ accuracy: 0.5, forcedCot: null, forcedCode: null });
    expect(result.run.matmulVariant).toBeUndefined(); // a resume of it tunes
  });

  it('refuses text that is not JSON, another format, and a broken config, each with a message', () => {
    const notJson = runFromJson('{"format": ', 'a.json');
    expect(notJson.ok || notJson.message).toMatch(/a\.json is not JSON.*nothing was imported/);
    const other = runFromJson('{"format": "x"}', 'b.json');
    expect(other.ok || other.message).toMatch(/b\.json is not a valid run file/);
    const data = JSON.parse(runToJson(sampleRun())) as { config: { model: { width: number } } };
    data.config.model.width = 33;
    const badConfig = runFromJson(JSON.stringify(data), 'c.json');
    expect(badConfig.ok || badConfig.message).toMatch(/model\.heads/);
  });

  it('writes beliefs as CSV, one row per problem and iteration, quoting questions', () => {
    const csv = beliefsCsv(sampleRun().snapshot).trim().split('\n');
    expect(csv[0]).toBe('arm,problem,family,split,question,iteration,belief,q_cot,q_code,s_code');
    expect(csv[1]).toBe('em,query-0,add,query,"1+2, ""x""",0,0.4,,,');
    expect(csv[2]).toBe('em,query-0,add,query,"1+2, ""x""",1,0.6,0.5,1,0.8');
  });
});

import { describe, expect, it } from 'vitest';
import { BenchUsageError, parseBenchArgs } from './args';
import { formatReport } from './table';
import type { BenchReport } from './report';

describe('bench arguments', () => {
  it('parses the documented options', () => {
    expect(parseBenchArgs([])).toEqual({ json: null, quick: false, variant: null, sections: null });
    expect(parseBenchArgs(['--quick', '--json', 'out.json', '--variant', 'workgroup-tiled', '--sections', 'matmul,sandbox'])).toEqual({
      json: 'out.json',
      quick: true,
      variant: 'workgroup-tiled',
      sections: ['matmul', 'sandbox'],
    });
  });

  it('refuses unknown options and missing values with a usage error', () => {
    expect(() => parseBenchArgs(['--fast'])).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(['--fast'])).toThrow(/unknown option "--fast"/);
    expect(() => parseBenchArgs(['--json'])).toThrow(/--json needs a value/);
    expect(() => parseBenchArgs(['--json', '--quick'])).toThrow(/--json needs a value/);
    expect(() => parseBenchArgs(['--sections', 'matmul,gpu'])).toThrow(/unknown section gpu/);
  });
});

describe('bench table', () => {
  it('shows each matmul row with its speed-up and names skipped sections', () => {
    const report: BenchReport = {
      adapter: { vendor: 'google', architecture: 'swiftshader', description: '', isFallback: true },
      timing: 'wall-clock',
      tune: { variant: 'register-blocked', ms_by_variant: {}, tune_ms: 900 },
      matmul: [{ n: 512, N: 512, C: 512, OC: 512, ours_gflops: 4.5, tfjs_gflops: 0.9, variant: 'register-blocked' }],
      train_step: { ours_tokens_per_s: 3000, tfjs_tokens_per_s: 600, tokens_per_step: 6144 },
      skipped: { sandbox: 'no worker' },
      quick: true,
    };
    const text = formatReport(report);
    expect(text).toMatch(/512 x 512 x 512\s+register-blocked\s+4\.50\s+0\.90\s+5\.0x/);
    expect(text).toMatch(/train step tokens\/s\s+3000\s+600\s+5\.0x/);
    expect(text).toContain('skipped sandbox: no worker');
  });
});

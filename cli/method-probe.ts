/**
 * Probes the M-step's method term alone, from the shipped warm start: does b(x) separate by family when the
 * targets do? Each "iteration" picks queries, sets targets, and takes AdamW steps (fresh moments, as the
 * M-step does) on the method rows only, `--queries-per-step` queries per step; then prints mean b(x) per family
 * on the query split. Targets: `oracle` (one-hot on the method better at the warm start, greedy, from
 * warmstart.json) or `posterior` (pi(c|x) * Q(x,c) normalised, with those greedy accuracies as Q).
 *
 *   npx tsx --import ./cli/node/register.mjs cli/method-probe.ts [--targets oracle|posterior]
 *     [--queries-per-step 32] [--steps 16] [--iterations 3] [--queries 48] [--lr 1e-4]
 */
import { parseArgs } from 'node:util';
import { getPreset } from '../src/config';
import { methodBeliefs } from '../src/em/beliefs';
import { createExperimentHost } from '../src/em/host';
import { mStepBatch, type MethodSample } from '../src/em/mstep';
import { referenceStrategy } from '../src/em/reference';
import { shuffled } from '../src/em/samples';
import { readShippedFileFromDisk } from '../src/em/shipped-files-node';
import { loadShippedWarmStart } from '../src/em/shipped-warmstart';
import { createNodeGpuContext } from '../src/gpu/node';
import { createKernelContext } from '../src/nn/ops/kernel-context';
import { createNodeSandbox } from '../src/sandbox/node';
import { FAMILY_IDS } from '../src/world/families';
import { methodToken, promptTokens } from '../src/world/grammar';
import { createRng } from '../src/world/rng';
import { buildSplits } from '../src/world/splits';

const { values } = parseArgs({
  options: {
    targets: { type: 'string', default: 'oracle' },
    'queries-per-step': { type: 'string', default: '32' },
    steps: { type: 'string', default: '16' },
    iterations: { type: 'string', default: '3' },
    queries: { type: 'string', default: '48' },
    lr: { type: 'string', default: '1e-4' },
  },
});
const targets = values.targets;
if (targets !== 'oracle' && targets !== 'posterior') throw new Error(`--targets must be oracle or posterior, got ${targets}`);
const [perStep, steps, iterations, queryCount, lr] = [values['queries-per-step'], values.steps, values.iterations, values.queries, values.lr].map(Number);

const config = getPreset('small');
// Verified as an experiment's host verifies it (hash, model, world version).
const { bytes, metadata } = await loadShippedWarmStart(readShippedFileFromDisk());
const sandbox = createNodeSandbox();
const host = createExperimentHost({ ...createKernelContext(await createNodeGpuContext()), matmulVariant: 'register-blocked' }, config, sandbox);
host.model.loadCheckpoint(bytes);
const queries = buildSplits(config.world).query;
const families = FAMILY_IDS.filter((family) => metadata.evaluation.byFamily[family]);

async function report(label: string): Promise<number[]> {
  const beliefs = await methodBeliefs(host.model, queries);
  const means = families.map((family) => {
    const own = beliefs.filter((_, i) => queries[i].family === family);
    return `${family} ${(own.reduce((sum, b) => sum + b, 0) / own.length).toFixed(2)}`;
  });
  console.log(label.padEnd(12), means.join('  '));
  return beliefs;
}

let beliefs = await report('warm start');
for (let iteration = 1; iteration <= iterations; iteration++) {
  const picked = shuffled(queries.map((problem, i) => ({ problem, belief: beliefs[i] })), createRng(1, 'probe', String(iteration))).slice(0, queryCount);
  const rows: MethodSample[][] = picked.map(({ problem, belief }) => {
    const { forcedCot, forcedCode } = metadata.evaluation.byFamily[problem.family]!;
    // The oracle is the hardmax reference at a neutral prior: the better method, ties to CoT.
    const input = targets === 'oracle' ? { beliefCode: 0.5, qCot: forcedCot, qCode: forcedCode } : { beliefCode: belief, qCot: forcedCot, qCode: forcedCode };
    const { sCode } = referenceStrategy(input, { mode: targets === 'oracle' ? 'hardmax' : 'posterior', alpha: 0, codeCost: 0 });
    const question = promptTokens(problem.question);
    return [
      { kind: 'method', question, methodToken: methodToken('code'), target: sCode },
      { kind: 'method', question, methodToken: methodToken('cot'), target: 1 - sCode },
    ];
  });
  host.model.resetOptimizer();
  for (let step = 0; step < steps; step++) {
    const first = (step * perStep) % rows.length;
    const batch = [...rows, ...rows].slice(first, first + perStep).flat();
    await mStepBatch(host.model, batch, { method: 1, solution: 1, clipEpsilon: 0.2 }, { lr, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0, gradClip: 1 }, step + 1);
  }
  beliefs = await report(`iteration ${iteration}`);
}
await sandbox.close();
process.exit(0);

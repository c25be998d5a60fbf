/**
 * Where a family's CoT goes wrong: greedy responses with <cot> forced, from the shipped warm start (or any
 * parameters file, e.g. a warm-start resume checkpoint), on the family's test + query problems; prints each
 * response beside the world's CoT, then the step tally (per operator: right steps, split by carry / borrow;
 * errors off by one).
 *
 *   npx tsx --import ./cli/node/register.mjs cli/cot-steps.ts [--family story] [--params FILE] [--quiet]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FAMILY_IDS, getPreset, type FamilyId } from '../src/config';
import { createExperimentHost } from '../src/em/host';
import { runRollouts } from '../src/em/rollout';
import { readShippedFileFromDisk } from '../src/em/shipped-files-node';
import { loadShippedWarmStart } from '../src/em/shipped-warmstart';
import { createNodeGpuContext } from '../src/gpu/node';
import { createKernelContext } from '../src/nn/ops/kernel-context';
import { isMatmulVariant } from '../src/nn/ops/matmul';
import { createNodeSandbox } from '../src/sandbox/node';
import { parseResponse } from '../src/world/response';
import { buildSplits } from '../src/world/splits';
import { renderTokens } from '../src/world/tokenizer';
import { emptyTally, formatTally, tallySteps } from './cot-steps-tally';
import { evaluationOptions } from './warmstart-run';

const { values } = parseArgs({ options: { family: { type: 'string', default: 'story' }, params: { type: 'string' }, quiet: { type: 'boolean', default: false } } });
const family = values.family as FamilyId;
if (!FAMILY_IDS.includes(family)) throw new Error(`--family must be one of ${FAMILY_IDS.join(', ')}`);

const config = getPreset('small');
const shipped = values.params ? null : await loadShippedWarmStart(readShippedFileFromDisk());
const variant = shipped?.metadata.matmulVariant ?? 'register-blocked';
if (!isMatmulVariant(variant)) throw new Error(`unknown matmul variant ${variant}`);
const sandbox = createNodeSandbox();
const host = createExperimentHost({ ...createKernelContext(await createNodeGpuContext()), matmulVariant: variant }, config, sandbox);
host.model.loadCheckpoint(shipped ? shipped.bytes : new Uint8Array(readFileSync(values.params!)));

const splits = buildSplits(config.world);
const problems = [...splits.test, ...splits.query].filter((problem) => problem.family === family);
const rollouts = await runRollouts(
  host.decoder,
  sandbox,
  problems.map((problem) => ({ problem, forcedMethod: 'cot' as const, temperature: 0 })),
  evaluationOptions(config),
);
const tally = emptyTally();
let right = 0;
for (const rollout of rollouts) {
  const responseTokens = rollout.tokens.slice(rollout.questionLength);
  const response = renderTokens(responseTokens);
  // A response with no reasoning at all counts as one malformed step.
  tallySteps(tally, parseResponse(responseTokens).reasoning ?? '');
  if (rollout.score.correct) right++;
  if (!values.quiet) console.log(`${rollout.score.correct ? 'right' : 'WRONG'} L${rollout.problem.level} ${rollout.problem.question}  world: ${rollout.problem.cot.reasoning}  model: ${response}`);
}
console.log(`${family}: ${right}/${rollouts.length} right (test + query, greedy, <cot> forced)`);
console.log(formatTally(tally));
await sandbox.close();

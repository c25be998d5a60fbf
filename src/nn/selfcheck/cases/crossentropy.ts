import * as twin from '../../reference/ops';
import { crossentropyBackward, crossentropyForward } from '../../ops/crossentropy';
import { F32_UNIT_ROUNDOFF, expRelativeError, maxAbs, maxAbsDifference, randomFloats, randomInts, seededRandom, sumTolerance, toF64 } from '../data';
import { withBuffers, type KernelCase } from '../harness';

const SHAPES = [
  { N: 1, V: 37 },
  { N: 67, V: 37 },
  { N: 9, V: 5 },
];
const LOGIT_SCALE = 4;
/** WGSL's log is within 2^-21 absolute on [0.5, 2] and 3 ULP elsewhere; the softmax sum lies in [1, V]. */
const LOG_ABSOLUTE_ERROR = 2 ** -21;

/** Targets in [0, V) with every fifth row masked (-1). */
function targetsFor(random: () => number, N: number, V: number): Int32Array {
  const targets = randomInts(random, N, 0, V);
  for (let n = 0; n < N; n += 5) if (N > 1) targets[n] = -1;
  return targets;
}

/**
 * Error of log-softmax / softmax: the exps (arguments down to -2 * LOGIT_SCALE) and their V-term sum give the
 * sum a relative error; log turns it into an absolute one; subtractions round at the scale of the logits.
 */
export function logSoftmaxTolerance(V: number, logprobs: Float64Array, logitScale = LOGIT_SCALE): number {
  return expRelativeError(2 * logitScale) + sumTolerance(V, 1) + LOG_ABSOLUTE_ERROR + 8 * F32_UNIT_ROUNDOFF * (logitScale + maxAbs(logprobs));
}

function forwardCase({ N, V }: { N: number; V: number }): KernelCase {
  return {
    op: 'crossentropyForward',
    shape: `N=${N} V=${V}`,
    run: (k) =>
      withBuffers(k, async (gpu) => {
        const random = seededRandom(700 + N * V);
        const logits = randomFloats(random, N * V, LOGIT_SCALE);
        const targets = targetsFor(random, N, V);
        const weights = randomFloats(random, N, 2);
        const losses = new Float64Array(N);
        const logprobs = new Float64Array(N);
        twin.crossentropyForward(losses, logprobs, toF64(logits), targets, toF64(weights), N, V);
        const lossesGpu = gpu.zeros('losses', N);
        const logprobsGpu = gpu.zeros('logprobs', N);
        gpu.run((rec) => crossentropyForward(k, rec, lossesGpu, logprobsGpu, gpu.upload('logits', logits), gpu.upload('targets', targets), gpu.upload('weights', weights), N, V));
        const logprobTolerance = logSoftmaxTolerance(V, logprobs);
        return [
          { tensor: 'logprobs', maxAbsError: maxAbsDifference(await gpu.readFloats(logprobsGpu, N), logprobs), tolerance: logprobTolerance },
          { tensor: 'losses', maxAbsError: maxAbsDifference(await gpu.readFloats(lossesGpu, N), losses), tolerance: maxAbs(weights) * logprobTolerance + F32_UNIT_ROUNDOFF * maxAbs(losses) },
        ];
      }),
  };
}

function backwardCase({ N, V }: { N: number; V: number }): KernelCase {
  return {
    op: 'crossentropyBackward',
    shape: `N=${N} V=${V}`,
    run: (k) =>
      withBuffers(k, async (gpu) => {
        const random = seededRandom(800 + N * V);
        const logits = randomFloats(random, N * V, LOGIT_SCALE);
        const targets = targetsFor(random, N, V);
        const dweights = randomFloats(random, N, 2);
        const dlogits = new Float64Array(N * V);
        twin.crossentropyBackward(dlogits, toF64(logits), targets, toF64(dweights), N, V);
        // Start from garbage: the op writes, it does not accumulate.
        const dlogitsGpu = gpu.upload('dlogits', randomFloats(random, N * V, 100));
        gpu.run((rec) => crossentropyBackward(k, rec, dlogitsGpu, gpu.upload('logits', logits), gpu.upload('targets', targets), gpu.upload('dweights', dweights), N, V));
        // p = exp(l - max) / sum: exp's and the sum's relative errors, a division, then a product and a subtraction.
        const tolerance = maxAbs(dweights) * (2 * expRelativeError(2 * LOGIT_SCALE) + sumTolerance(V, 1) + 8 * F32_UNIT_ROUNDOFF);
        return [{ tensor: 'dlogits', maxAbsError: maxAbsDifference(await gpu.readFloats(dlogitsGpu, N * V), dlogits), tolerance }];
      }),
  };
}

export const crossentropyCases: KernelCase[] = SHAPES.flatMap((shape) => [forwardCase(shape), backwardCase(shape)]);

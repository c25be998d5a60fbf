/**
 * Float64 CPU twins of every kernel: the ground truth that the WGSL kernels are tested against.
 * Shapes and argument order follow llm.c's train_gpt2.c, and the GPU ops in src/nn/ops take the same
 * arguments in the same order. Backward functions ACCUMULATE (+=) into their gradient outputs, as in
 * llm.c, except crossentropyBackward, which starts backpropagation and writes.
 * Tensors are row-major; N = B*T rows; weights are [out, in].
 */
export type Vec = Float64Array;
export type Ints = Int32Array;

const GELU_SCALE = Math.sqrt(2 / Math.PI);
const LN_EPS = 1e-5;

/** out[n] = wte[tokens[n]] + wpe[positions[n]] for each of N rows of C channels. */
export function encoderForward(out: Vec, tokens: Ints, positions: Ints, wte: Vec, wpe: Vec, N: number, C: number): void {
  for (let n = 0; n < N; n++) {
    const t = tokens[n] * C;
    const p = positions[n] * C;
    for (let c = 0; c < C; c++) out[n * C + c] = wte[t + c] + wpe[p + c];
  }
}

export function encoderBackward(dwte: Vec, dwpe: Vec, dout: Vec, tokens: Ints, positions: Ints, N: number, C: number): void {
  for (let n = 0; n < N; n++) {
    const t = tokens[n] * C;
    const p = positions[n] * C;
    for (let c = 0; c < C; c++) {
      dwte[t + c] += dout[n * C + c];
      dwpe[p + c] += dout[n * C + c];
    }
  }
}

/** LayerNorm over C with eps 1e-5; also stores each row's mean and reciprocal std for the backward pass. */
export function layernormForward(out: Vec, mean: Vec, rstd: Vec, inp: Vec, weight: Vec, bias: Vec, N: number, C: number): void {
  for (let n = 0; n < N; n++) {
    const x = n * C;
    let m = 0;
    for (let c = 0; c < C; c++) m += inp[x + c];
    m /= C;
    let v = 0;
    for (let c = 0; c < C; c++) v += (inp[x + c] - m) ** 2;
    v /= C;
    const s = 1 / Math.sqrt(v + LN_EPS);
    for (let c = 0; c < C; c++) out[x + c] = (inp[x + c] - m) * s * weight[c] + bias[c];
    mean[n] = m;
    rstd[n] = s;
  }
}

export function layernormBackward(dinp: Vec, dweight: Vec, dbias: Vec, dout: Vec, inp: Vec, weight: Vec, mean: Vec, rstd: Vec, N: number, C: number): void {
  for (let n = 0; n < N; n++) {
    const x = n * C;
    let dnormMean = 0;
    let dnormNormMean = 0;
    for (let c = 0; c < C; c++) {
      const norm = (inp[x + c] - mean[n]) * rstd[n];
      const dnorm = weight[c] * dout[x + c];
      dnormMean += dnorm;
      dnormNormMean += dnorm * norm;
    }
    dnormMean /= C;
    dnormNormMean /= C;
    for (let c = 0; c < C; c++) {
      const norm = (inp[x + c] - mean[n]) * rstd[n];
      const dnorm = weight[c] * dout[x + c];
      dbias[c] += dout[x + c];
      dweight[c] += norm * dout[x + c];
      dinp[x + c] += (dnorm - dnormMean - norm * dnormNormMean) * rstd[n];
    }
  }
}

/** out[N, OC] = inp[N, C] @ weight[OC, C]^T + bias[OC] (bias may be null). */
export function matmulForward(out: Vec, inp: Vec, weight: Vec, bias: Vec | null, N: number, C: number, OC: number): void {
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < OC; o++) {
      let sum = bias ? bias[o] : 0;
      for (let c = 0; c < C; c++) sum += inp[n * C + c] * weight[o * C + c];
      out[n * OC + o] = sum;
    }
  }
}

/** dinp += dout @ weight; dweight += dout^T @ inp; dbias += column sums of dout. */
export function matmulBackward(dinp: Vec, dweight: Vec, dbias: Vec | null, dout: Vec, inp: Vec, weight: Vec, N: number, C: number, OC: number): void {
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < OC; o++) {
      const d = dout[n * OC + o];
      for (let c = 0; c < C; c++) {
        dinp[n * C + c] += d * weight[o * C + c];
        dweight[o * C + c] += d * inp[n * C + c];
      }
      if (dbias) dbias[o] += d;
    }
  }
}

/**
 * Causal multi-head self-attention. qkv is [B, T, 3C] (q, k, v, each C = NH heads of hs channels);
 * preatt and att are [B, NH, T, T] (entries above the diagonal stay 0); out is [B, T, C].
 * `positions` (default n % T) packs several sequences into a row: the token at row index t and position p
 * attends to keys t - p..t only (its own sequence); att is 0 on the others, so backward needs no mask.
 */
export function attentionForward(out: Vec, preatt: Vec, att: Vec, qkv: Vec, B: number, T: number, C: number, NH: number, positions?: Ints): void {
  const hs = C / NH;
  const scale = 1 / Math.sqrt(hs);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      for (let h = 0; h < NH; h++) {
        const q = (b * T + t) * 3 * C + h * hs;
        const row = ((b * NH + h) * T + t) * T;
        const start = positions ? t - positions[b * T + t] : 0;
        let max = -Infinity;
        for (let t2 = 0; t2 <= t; t2++) {
          const k = (b * T + t2) * 3 * C + C + h * hs;
          let dot = 0;
          for (let i = 0; i < hs; i++) dot += qkv[q + i] * qkv[k + i];
          dot *= scale;
          preatt[row + t2] = dot;
          if (t2 >= start && dot > max) max = dot;
        }
        let sum = 0;
        for (let t2 = start; t2 <= t; t2++) {
          const e = Math.exp(preatt[row + t2] - max);
          att[row + t2] = e;
          sum += e;
        }
        for (let t2 = 0; t2 < T; t2++) att[row + t2] = t2 >= start && t2 <= t ? att[row + t2] / sum : 0;
        const o = (b * T + t) * C + h * hs;
        for (let i = 0; i < hs; i++) out[o + i] = 0;
        for (let t2 = 0; t2 <= t; t2++) {
          const v = (b * T + t2) * 3 * C + 2 * C + h * hs;
          for (let i = 0; i < hs; i++) out[o + i] += att[row + t2] * qkv[v + i];
        }
      }
    }
  }
}

/** dqkv, dpreatt, datt accumulate (dpreatt and datt are scratch the caller zeroes). */
export function attentionBackward(dqkv: Vec, dpreatt: Vec, datt: Vec, dout: Vec, qkv: Vec, att: Vec, B: number, T: number, C: number, NH: number): void {
  const hs = C / NH;
  const scale = 1 / Math.sqrt(hs);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      for (let h = 0; h < NH; h++) {
        const row = ((b * NH + h) * T + t) * T;
        const q = (b * T + t) * 3 * C + h * hs;
        const o = (b * T + t) * C + h * hs;
        for (let t2 = 0; t2 <= t; t2++) {
          const v = (b * T + t2) * 3 * C + 2 * C + h * hs;
          for (let i = 0; i < hs; i++) {
            datt[row + t2] += qkv[v + i] * dout[o + i];
            dqkv[v + i] += att[row + t2] * dout[o + i];
          }
        }
        for (let t2 = 0; t2 <= t; t2++) {
          for (let t3 = 0; t3 <= t; t3++) {
            const indicator = t2 === t3 ? 1 : 0;
            dpreatt[row + t3] += att[row + t2] * (indicator - att[row + t3]) * datt[row + t2];
          }
        }
        for (let t2 = 0; t2 <= t; t2++) {
          const k = (b * T + t2) * 3 * C + C + h * hs;
          for (let i = 0; i < hs; i++) {
            dqkv[q + i] += qkv[k + i] * dpreatt[row + t2] * scale;
            dqkv[k + i] += qkv[q + i] * dpreatt[row + t2] * scale;
          }
        }
      }
    }
  }
}

/** GELU, tanh approximation (GPT-2's). */
export function geluForward(out: Vec, inp: Vec, N: number): void {
  for (let i = 0; i < N; i++) {
    const x = inp[i];
    out[i] = 0.5 * x * (1 + Math.tanh(GELU_SCALE * (x + 0.044715 * x ** 3)));
  }
}

export function geluBackward(dinp: Vec, inp: Vec, dout: Vec, N: number): void {
  for (let i = 0; i < N; i++) {
    const x = inp[i];
    const u = GELU_SCALE * (x + 0.044715 * x ** 3);
    const th = Math.tanh(u);
    const sech2 = 1 - th * th;
    const local = 0.5 * (1 + th) + 0.5 * x * sech2 * GELU_SCALE * (1 + 3 * 0.044715 * x * x);
    dinp[i] += local * dout[i];
  }
}

export function residualForward(out: Vec, inp1: Vec, inp2: Vec, N: number): void {
  for (let i = 0; i < N; i++) out[i] = inp1[i] + inp2[i];
}

export function residualBackward(dinp1: Vec, dinp2: Vec, dout: Vec, N: number): void {
  for (let i = 0; i < N; i++) {
    dinp1[i] += dout[i];
    dinp2[i] += dout[i];
  }
}

/**
 * Fused softmax + cross-entropy with per-token weights. For each row n with targets[n] >= 0:
 * logprobs[n] = log softmax(logits[n])[targets[n]], losses[n] = -weights[n] * logprobs[n].
 * A negative target masks the row: logprob 0, loss 0. The caller's loss is the sum of losses
 * (normalisation lives in the weights).
 */
export function crossentropyForward(losses: Vec, logprobs: Vec, logits: Vec, targets: Ints, weights: Vec, N: number, V: number): void {
  for (let n = 0; n < N; n++) {
    const target = targets[n];
    if (target < 0) {
      losses[n] = 0;
      logprobs[n] = 0;
      continue;
    }
    const row = n * V;
    let max = -Infinity;
    for (let v = 0; v < V; v++) max = Math.max(max, logits[row + v]);
    let sum = 0;
    for (let v = 0; v < V; v++) sum += Math.exp(logits[row + v] - max);
    const logprob = logits[row + target] - max - Math.log(sum);
    logprobs[n] = logprob;
    losses[n] = -weights[n] * logprob;
  }
}

/** dlogits[n] = dweights[n] * (softmax(logits[n]) - onehot(targets[n])); masked rows get 0. Writes, not accumulates. */
export function crossentropyBackward(dlogits: Vec, logits: Vec, targets: Ints, dweights: Vec, N: number, V: number): void {
  for (let n = 0; n < N; n++) {
    const row = n * V;
    const target = targets[n];
    if (target < 0) {
      for (let v = 0; v < V; v++) dlogits[row + v] = 0;
      continue;
    }
    let max = -Infinity;
    for (let v = 0; v < V; v++) max = Math.max(max, logits[row + v]);
    let sum = 0;
    for (let v = 0; v < V; v++) sum += Math.exp(logits[row + v] - max);
    for (let v = 0; v < V; v++) {
      const p = Math.exp(logits[row + v] - max) / sum;
      dlogits[row + v] = dweights[n] * (p - (v === target ? 1 : 0));
    }
  }
}

export function gradGlobalNorm(grads: Vec, N: number): number {
  let sum = 0;
  for (let i = 0; i < N; i++) sum += grads[i] * grads[i];
  return Math.sqrt(sum);
}

/** Global-norm clipping as a scale applied inside the update: min(1, maxNorm / norm); maxNorm <= 0 disables. */
export function clipScale(norm: number, maxNorm: number): number {
  return maxNorm > 0 && norm > maxNorm ? maxNorm / norm : 1;
}

export interface AdamWHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
}

/**
 * AdamW with bias correction and decoupled weight decay (Loshchilov & Hutter), on elements [0, N);
 * elements [decayEnd, N) get no decay. `step` is 1-based; gradients are multiplied by gradScale first.
 */
export function adamwUpdate(params: Vec, grads: Vec, m: Vec, v: Vec, N: number, decayEnd: number, hp: AdamWHyper, step: number, gradScale: number): void {
  const c1 = 1 - hp.beta1 ** step;
  const c2 = 1 - hp.beta2 ** step;
  for (let i = 0; i < N; i++) {
    const g = grads[i] * gradScale;
    m[i] = hp.beta1 * m[i] + (1 - hp.beta1) * g;
    v[i] = hp.beta2 * v[i] + (1 - hp.beta2) * g * g;
    const mhat = m[i] / c1;
    const vhat = v[i] / c2;
    const decay = i < decayEnd ? hp.weightDecay * params[i] : 0;
    params[i] -= hp.lr * (mhat / (Math.sqrt(vhat) + hp.eps) + decay);
  }
}

/**
 * KV cache for incremental decoding: kcache and vcache are [B, NH, maxT, hs]. Row b of qkv ([B, 3C]) holds
 * the newest token of sequence b, at position positions[b]; its k and v are written there. A negative position
 * marks an idle row (a sequence paused or finished in a batch that goes on): nothing is written.
 */
export function kvcacheWrite(kcache: Vec, vcache: Vec, qkv: Vec, positions: Ints, B: number, C: number, NH: number, maxT: number): void {
  const hs = C / NH;
  for (let b = 0; b < B; b++) {
    if (positions[b] < 0) continue;
    for (let h = 0; h < NH; h++) {
      const at = ((b * NH + h) * maxT + positions[b]) * hs;
      for (let i = 0; i < hs; i++) {
        kcache[at + i] = qkv[b * 3 * C + C + h * hs + i];
        vcache[at + i] = qkv[b * 3 * C + 2 * C + h * hs + i];
      }
    }
  }
}

/** Attention of each sequence's newest query over its cached keys and values at positions 0..positions[b]; idle rows (negative position) get zeros. */
export function attentionDecode(out: Vec, qkv: Vec, kcache: Vec, vcache: Vec, positions: Ints, B: number, C: number, NH: number, maxT: number): void {
  const hs = C / NH;
  const scale = 1 / Math.sqrt(hs);
  for (let b = 0; b < B; b++) {
    const last = positions[b];
    if (last < 0) {
      out.fill(0, b * C, (b + 1) * C);
      continue;
    }
    for (let h = 0; h < NH; h++) {
      const scores = new Float64Array(last + 1);
      let max = -Infinity;
      for (let t = 0; t <= last; t++) {
        const k = ((b * NH + h) * maxT + t) * hs;
        let dot = 0;
        for (let i = 0; i < hs; i++) dot += qkv[b * 3 * C + h * hs + i] * kcache[k + i];
        scores[t] = dot * scale;
        max = Math.max(max, scores[t]);
      }
      let sum = 0;
      for (let t = 0; t <= last; t++) {
        scores[t] = Math.exp(scores[t] - max);
        sum += scores[t];
      }
      for (let i = 0; i < hs; i++) {
        let acc = 0;
        for (let t = 0; t <= last; t++) acc += (scores[t] / sum) * vcache[((b * NH + h) * maxT + t) * hs + i];
        out[b * C + h * hs + i] = acc;
      }
    }
  }
}

/** PCG hash (O'Neill), the generator the sampling kernel uses: uniform in [0, 1) from (seed, row, step). */
export function pcgHash(input: number): number {
  const state = (Math.imul(input >>> 0, 747796405) + 2891336453) >>> 0;
  const word = Math.imul(((state >>> ((state >>> 28) + 4)) ^ state) >>> 0, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

export function uniformAt(seed: number, row: number, step: number): number {
  const h = pcgHash((pcgHash((pcgHash(seed >>> 0) ^ row) >>> 0) ^ step) >>> 0);
  return (h >>> 8) / 16777216;
}

/**
 * Samples one token per row. temperature <= 0 is greedy (the lowest index among equal maxima).
 * Otherwise the candidates are the topK largest logits (topK = 0 or >= V: all; logits equal to the k-th
 * largest are all kept), weighted by exp((logit - max) / temperature); with u = uniformAt(seed, row, step),
 * the token is the first candidate in index order whose cumulative weight exceeds u * total.
 * logprobs[b] = log softmax(logits[b])[token] at temperature 1: the behaviour log-prob of the raw policy.
 */
export function sampleTokens(tokens: Ints, logprobs: Vec, logits: Vec, temperatures: Vec, topK: number, seed: number, step: number, B: number, V: number): void {
  for (let b = 0; b < B; b++) {
    const row = b * V;
    let max = -Infinity;
    let argmax = 0;
    for (let v = 0; v < V; v++) {
      if (logits[row + v] > max) {
        max = logits[row + v];
        argmax = v;
      }
    }
    let token = argmax;
    const temperature = temperatures[b];
    if (temperature > 0) {
      const threshold = topK > 0 && topK < V ? kthLargest(logits.subarray(row, row + V), topK) : -Infinity;
      let total = 0;
      for (let v = 0; v < V; v++) if (logits[row + v] >= threshold) total += Math.exp((logits[row + v] - max) / temperature);
      const target = uniformAt(seed, b, step) * total;
      let cumulative = 0;
      for (let v = 0; v < V; v++) {
        if (logits[row + v] < threshold) continue;
        cumulative += Math.exp((logits[row + v] - max) / temperature);
        token = v;
        if (cumulative > target) break;
      }
    }
    let sum = 0;
    for (let v = 0; v < V; v++) sum += Math.exp(logits[row + v] - max);
    tokens[b] = token;
    logprobs[b] = logits[row + token] - max - Math.log(sum);
  }
}

function kthLargest(values: Float64Array, k: number): number {
  const sorted = Array.from(values).sort((a, b) => b - a);
  return sorted[k - 1];
}

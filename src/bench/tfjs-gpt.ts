import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients; the union package would. variableGrads needs them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { ModelConfig } from '../nn/config';

/**
 * The benchmark's GPT written with tfjs ops, the same model as src/nn/model.ts: pre-LayerNorm blocks,
 * learned positions, causal attention, tanh-GELU MLP of width 4C, output layer tied to the token embedding,
 * mean cross-entropy. Trained with tf.variableGrads and tfjs's Adam.
 */
interface Block {
  ln1Gain: tf.Variable;
  ln1Bias: tf.Variable;
  qkvWeight: tf.Variable;
  qkvBias: tf.Variable;
  projWeight: tf.Variable;
  projBias: tf.Variable;
  ln2Gain: tf.Variable;
  ln2Bias: tf.Variable;
  fcWeight: tf.Variable;
  fcBias: tf.Variable;
  fcProjWeight: tf.Variable;
  fcProjBias: tf.Variable;
}

export interface TfjsGpt {
  config: ModelConfig;
  variables: tf.Variable[];
  /** Mean cross-entropy of predicting targets [B, T] from tokens [B, T]. */
  loss(tokens: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar;
  dispose(): void;
}

const INIT_STD = 0.02;
const LN_EPS = 1e-5;
const GELU_SCALE = Math.sqrt(2 / Math.PI);

export function createTfjsGpt(config: ModelConfig, seed: number): TfjsGpt {
  const { vocabSize: V, contextLength: T, width: C, heads: NH } = config;
  let nextSeed = seed;
  const normal = (shape: number[]) => tf.variable(tf.randomNormal(shape, 0, INIT_STD, 'float32', nextSeed++));
  const filled = (shape: number[], value: number) => tf.variable(tf.fill(shape, value));
  const wte = normal([V, C]);
  const wpe = normal([T, C]);
  const blocks: Block[] = Array.from({ length: config.layers }, () => ({
    ln1Gain: filled([C], 1),
    ln1Bias: filled([C], 0),
    qkvWeight: normal([3 * C, C]),
    qkvBias: filled([3 * C], 0),
    projWeight: normal([C, C]),
    projBias: filled([C], 0),
    ln2Gain: filled([C], 1),
    ln2Bias: filled([C], 0),
    fcWeight: normal([4 * C, C]),
    fcBias: filled([4 * C], 0),
    fcProjWeight: normal([C, 4 * C]),
    fcProjBias: filled([C], 0),
  }));
  const lnfGain = filled([C], 1);
  const lnfBias = filled([C], 0);
  const variables = [wte, wpe, ...blocks.flatMap((b) => Object.values(b)), lnfGain, lnfBias];
  // Additive causal mask [T, T]: 0 on and below the diagonal, a large negative number above it.
  const causalMask = tf.tidy(() => tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([T, T]), -1, 0)), -1e9));

  const layerNorm = (x: tf.Tensor2D, gain: tf.Tensor, bias: tf.Tensor): tf.Tensor2D => {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, LN_EPS))), gain), bias);
  };
  const linear = (x: tf.Tensor2D, weight: tf.Tensor, bias: tf.Tensor): tf.Tensor2D => tf.add(tf.matMul(x, weight as tf.Tensor2D, false, true), bias);
  const gelu = (x: tf.Tensor2D): tf.Tensor2D => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), GELU_SCALE))));

  function attention(qkv: tf.Tensor2D, B: number, seq: number): tf.Tensor2D {
    const hs = C / NH;
    const [q, k, v] = tf.split(qkv, 3, 1).map((part) => tf.transpose(tf.reshape(part, [B, seq, NH, hs]), [0, 2, 1, 3]));
    const mask = seq === T ? causalMask : tf.slice(causalMask, [0, 0], [seq, seq]);
    const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(hs)), mask);
    const y = tf.matMul(tf.softmax(scores), v);
    return tf.reshape(tf.transpose(y, [0, 2, 1, 3]), [B * seq, C]);
  }

  function loss(tokens: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
    const [B, seq] = tokens.shape;
    const positions = tf.range(0, seq, 1, 'int32');
    let x: tf.Tensor2D = tf.reshape(tf.add(tf.gather(wte, tokens), tf.gather(wpe, positions)), [B * seq, C]);
    for (const b of blocks) {
      const attn = attention(linear(layerNorm(x, b.ln1Gain, b.ln1Bias), b.qkvWeight, b.qkvBias), B, seq);
      x = tf.add(x, linear(attn, b.projWeight, b.projBias));
      const hidden = gelu(linear(layerNorm(x, b.ln2Gain, b.ln2Bias), b.fcWeight, b.fcBias));
      x = tf.add(x, linear(hidden, b.fcProjWeight, b.fcProjBias));
    }
    const logits = tf.matMul(layerNorm(x, lnfGain, lnfBias), wte as tf.Tensor2D, false, true);
    const logprobs = tf.logSoftmax(logits);
    const picked = tf.sum(tf.mul(logprobs, tf.oneHot(tf.reshape(targets, [B * seq]), V)), 1);
    // mean over all axes is rank 0; tfjs types it as a generic Tensor
    return tf.neg(tf.mean(picked)) as tf.Scalar;
  }

  return {
    config,
    variables,
    loss,
    dispose() {
      tf.dispose([...variables, causalMask]);
    },
  };
}

/** One Adam step: gradients of the loss by tf.variableGrads, then the update; resolves to the loss value. */
export async function tfjsTrainStep(model: TfjsGpt, optimizer: tf.Optimizer, tokens: tf.Tensor2D, targets: tf.Tensor2D): Promise<number> {
  const { value, grads } = tf.variableGrads(() => model.loss(tokens, targets), model.variables);
  optimizer.applyGradients(grads);
  const [loss] = await value.data();
  tf.dispose([value, ...Object.values(grads)]);
  return loss;
}

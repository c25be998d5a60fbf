/**
 * The belief b(x) = pi(code | x) = p(<code>) / (p(<code>) + p(<cot>)) at the decision position, the token
 * after the question. Two forward passes over the questions (targets <code>, then <cot>) read both log-probs.
 */
import { IGNORE_TARGET } from '../world/batch';
import type { Problem } from '../world/families';
import { methodToken, promptTokens } from '../world/grammar';
import { TOKEN } from '../world/tokenizer';
import type { PolicyForward } from './policy';

export async function methodBeliefs(model: PolicyForward, problems: readonly Problem[]): Promise<number[]> {
  const beliefs: number[] = [];
  for (let start = 0; start < problems.length; start += model.maxBatch) {
    const chunk = problems.slice(start, start + model.maxBatch).map((p) => promptTokens(p.question));
    const T = Math.max(...chunk.map((q) => q.length));
    if (T > model.maxSequence) throw new RangeError(`a question of ${T} tokens exceeds the model's ${model.maxSequence}`);
    const logprobOf = async (target: number): Promise<number[]> => {
      const tokens = new Int32Array(chunk.length * T).fill(TOKEN.pad);
      const targets = new Int32Array(chunk.length * T).fill(IGNORE_TARGET);
      chunk.forEach((question, row) => {
        tokens.set(question, row * T);
        targets[row * T + question.length - 1] = target;
      });
      const { logprobs } = await model.forward({ tokens, targets }, chunk.length, T, { logprobs: true });
      if (!logprobs) throw new Error('forward returned no log-probs');
      return chunk.map((question, row) => logprobs[row * T + question.length - 1]);
    };
    const code = await logprobOf(methodToken('code'));
    const cot = await logprobOf(methodToken('cot'));
    code.forEach((lpCode, i) => beliefs.push(1 / (1 + Math.exp(cot[i] - lpCode))));
  }
  return beliefs;
}

import { WORLD_MAX_SEQUENCE_LENGTH, type FamilyId } from '../config/schema';
import type { Problem } from './families';
import { codeResponseTokens, cotResponseTokens, DEFAULT_OUTPUT_CHARS, methodToken, promptTokens, renderSandboxOutput, responseLossMask } from './grammar';
import { formatRational } from './rational';
import type { Method } from './tokenizer';

/**
 * One warm-start training sequence. weights[i] is the loss weight of predicting tokens[i] from the tokens
 * before it (the batcher shifts by one). The question is never trained on.
 */
export interface TrainingExample {
  tokens: number[];
  weights: number[];
  family: FamilyId;
  method: Method;
  /**
   * ability: a full solution with the method token given (its loss masked): what the model can do.
   * habit: the question and the method token alone, loss on that token only: which method it reaches for.
   */
  kind: 'ability' | 'habit';
}

/**
 * A full demonstration of `method` on `problem`. A code demonstration's output span holds what the sandbox
 * prints for the program (the gold answer: the tests run every program to check it), and its answer is
 * copied from there.
 */
export function abilityExample(problem: Problem, method: Method, outputChars = DEFAULT_OUTPUT_CHARS): TrainingExample {
  const prompt = promptTokens(problem.question);
  const gold = formatRational(problem.gold);
  const response =
    method === 'cot'
      ? cotResponseTokens(problem.cot.reasoning, problem.cot.answer)
      : codeResponseTokens(
          problem.code.program,
          renderSandboxOutput({ status: 'ok', stdout: `${gold}\n`, truncated: false }, outputChars),
          gold,
        );
  const weights = [...prompt.map(() => 0), ...responseLossMask(response)];
  weights[prompt.length] = 0; // the method token is given, not chosen
  return checkedExample({ tokens: [...prompt, ...response], weights, family: problem.family, method, kind: 'ability' });
}

export function habitExample(problem: Problem, method: Method): TrainingExample {
  const prompt = promptTokens(problem.question);
  return checkedExample({
    tokens: [...prompt, methodToken(method)],
    weights: [...prompt.map(() => 0), 1],
    family: problem.family,
    method,
    kind: 'habit',
  });
}

function checkedExample(example: TrainingExample): TrainingExample {
  // The world promises every sequence fits the smallest context the config allows.
  if (example.tokens.length > WORLD_MAX_SEQUENCE_LENGTH) {
    throw new RangeError(`${example.family} demonstration of ${example.tokens.length} tokens exceeds ${WORLD_MAX_SEQUENCE_LENGTH}`);
  }
  return example;
}

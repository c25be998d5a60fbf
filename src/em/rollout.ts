/**
 * Tool-integrated generation: a batch of responses sampled together; a sequence that closes a program with
 * <run> waits while the sandbox runs it, its output is appended as <out> ... </out> context, and it resumes,
 * while the others go on. Each response is scored against the gold answer.
 */
import type { DecodeBackend, FinishReason } from '../nn/generate';
import { generate } from '../nn/generate';
import type { RunLimits, RunOutcome, Sandbox } from '../sandbox/types';
import type { Problem } from '../world/families';
import { GENERATION_TOKENS, methodToken, outputSpanTokens, programOf, promptTokens, renderSandboxOutput } from '../world/grammar';
import { scoreResponse, type Score } from '../world/response';
import type { Method } from '../world/tokenizer';

export interface RolloutRequest {
  problem: Problem;
  /** The method token forced as a prefix (exploration, forced arms), or null for the model's own choice. */
  forcedMethod: Method | null;
  /** <= 0 is greedy. */
  temperature: number;
}

export interface Rollout {
  problem: Problem;
  forcedMethod: Method | null;
  /** Question, then the response (method token first, sandbox output included). */
  tokens: number[];
  /** Tokens of the question: the response starts here. */
  questionLength: number;
  /** Per token: true where the model sampled it (the forced method token and sandbox output were not). */
  sampled: boolean[];
  /** Per token: the behaviour log-prob where sampled, else 0. */
  logprobs: number[];
  finishReason: FinishReason;
  score: Score;
  /** The sandbox's outcome for the program, when the response ran one. */
  sandbox: RunOutcome | null;
}

export interface RolloutOptions {
  topK: number;
  seed: number;
  sandboxLimits: RunLimits;
  /** Characters of sandbox output shown between <out> and </out>. */
  outputChars: number;
}

/** The outcome recorded when a response pauses without a program the sandbox could run (not a Python run). */
function noProgramOutcome(): RunOutcome {
  return { id: 'no-program', status: 'error', stdout: '', stderr: '', truncated: false, error: { type: 'NoProgram', message: 'the response paused without a <code> program' }, durationMs: 0 };
}

export async function runRollouts(backend: DecodeBackend, sandbox: Sandbox, requests: readonly RolloutRequest[], options: RolloutOptions): Promise<Rollout[]> {
  const questions = requests.map((request) => promptTokens(request.problem.question));
  const outcomes: Array<RunOutcome | null> = requests.map(() => null);
  const generations = await generate(
    backend,
    requests.map((request, index) => {
      const prompt = request.forcedMethod === null ? questions[index] : [...questions[index], methodToken(request.forcedMethod)];
      return {
        prompt,
        maxNewTokens: backend.contextLength - prompt.length,
        temperature: request.temperature,
        stopTokens: [GENERATION_TOKENS.stop],
      };
    }),
    {
      topK: options.topK,
      seed: options.seed,
      pauseToken: GENERATION_TOKENS.pause,
      onPause: async (index, tokensSoFar) => {
        const program = programOf(tokensSoFar.slice(questions[index].length));
        const outcome = program === null ? noProgramOutcome() : await sandbox.run(program, options.sandboxLimits);
        outcomes[index] = outcome;
        return outputSpanTokens(renderSandboxOutput(outcome, options.outputChars));
      },
    },
  );
  return generations.map((generation, index) => {
    const questionLength = questions[index].length;
    const response = generation.tokens.slice(questionLength);
    return {
      problem: requests[index].problem,
      forcedMethod: requests[index].forcedMethod,
      tokens: generation.tokens,
      questionLength,
      sampled: generation.sampled,
      logprobs: generation.logprobs,
      finishReason: generation.finishReason,
      score: scoreResponse(response, requests[index].problem.gold, backend.contextLength - questionLength),
      sandbox: outcomes[index],
    };
  });
}

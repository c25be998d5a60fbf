import type { RunOutcome } from '../sandbox/types';
import { decodeText, encodeText, isCharacterToken, sanitizeText, TOKEN, type Method } from './tokenizer';

/**
 * The response grammar. A sequence is the question's characters, then the response:
 *   <cot> reasoning <ans> answer <eos>
 *   <code> program <run> <out> output </out> <ans> answer <eos>
 * No separator: the method token is the first token after the question, the decision point.
 * The <out> ... </out> span is written by the runner from the sandbox's outcome, never by the model,
 * and is never trained on.
 */

/** What the generator needs: where a response may start, pause for the sandbox, and stop. */
export const GENERATION_TOKENS = {
  methods: { cot: TOKEN.cot, code: TOKEN.code },
  /** After this token the sequence waits for the sandbox; then the output span is appended. */
  pause: TOKEN.run,
  stop: TOKEN.eos,
} as const;

export function methodToken(method: Method): number {
  return method === 'cot' ? TOKEN.cot : TOKEN.code;
}

export function promptTokens(question: string): number[] {
  return encodeText(question);
}

export function cotResponseTokens(reasoning: string, answer: string): number[] {
  return [TOKEN.cot, ...encodeText(reasoning), TOKEN.ans, ...encodeText(answer), TOKEN.eos];
}

/** The model's part of a code response up to the pause. */
export function codeProgramTokens(program: string): number[] {
  return [TOKEN.code, ...encodeText(program), TOKEN.run];
}

export function codeResponseTokens(program: string, output: string, answer: string): number[] {
  return [...codeProgramTokens(program), ...outputSpanTokens(output), TOKEN.ans, ...encodeText(answer), TOKEN.eos];
}

/** Characters of sandbox output shown to the model when the config does not say (sandbox.outputChars). */
export const DEFAULT_OUTPUT_CHARS = 12;

/** Marks output cut to fit; it replaces the last characters kept. */
export const TRUNCATION_MARK = '...';

/**
 * The text the model reads between <out> and </out> for one sandbox outcome:
 * - ok: stdout without trailing whitespace (print's newline); output-limit: the same, marked cut;
 * - error: "!" and the Python exception type ("!ZeroDivisionError"); timeout: "!Timeout"; killed: "!Killed";
 * - characters outside the vocabulary become '?';
 * - longer than maxChars: the first maxChars-3 characters, then "..." (also when the sandbox itself cut it).
 */
export function renderSandboxOutput(outcome: Pick<RunOutcome, 'status' | 'stdout' | 'truncated' | 'error'>, maxChars = DEFAULT_OUTPUT_CHARS): string {
  if (!Number.isInteger(maxChars) || maxChars < TRUNCATION_MARK.length + 1) {
    throw new RangeError(`maxChars must be an integer above ${TRUNCATION_MARK.length}, got ${maxChars}`);
  }
  let text: string;
  let cut = false;
  switch (outcome.status) {
    case 'ok':
    case 'output-limit':
      text = outcome.stdout.trimEnd();
      cut = outcome.status === 'output-limit' || outcome.truncated;
      break;
    case 'error':
      text = `!${outcome.error?.type ?? 'Error'}`;
      break;
    case 'timeout':
      text = '!Timeout';
      break;
    case 'killed':
      text = '!Killed';
      break;
  }
  text = sanitizeText(text);
  if (text.length > maxChars || (cut && text.length > 0)) {
    text = text.slice(0, Math.min(text.length, maxChars - TRUNCATION_MARK.length)) + TRUNCATION_MARK;
  }
  return text;
}

/** The output span for text already rendered (renderSandboxOutput) and within the vocabulary. */
export function outputSpanTokens(output: string): number[] {
  return [TOKEN.outOpen, ...encodeText(output), TOKEN.outClose];
}

/** What the runner appends after <run>: `<out>` rendered output `</out>`; the generator then continues. */
export function sandboxOutputTokens(outcome: Pick<RunOutcome, 'status' | 'stdout' | 'truncated' | 'error'>, maxChars = DEFAULT_OUTPUT_CHARS): number[] {
  return outputSpanTokens(renderSandboxOutput(outcome, maxChars));
}

/** Per response token: 1 where the model is trained, 0 on the sandbox's output span (<out> through </out>). */
export function responseLossMask(response: readonly number[]): number[] {
  let insideOutput = false;
  return response.map((token) => {
    if (token === TOKEN.outOpen) insideOutput = true;
    const weight = insideOutput ? 0 : 1;
    if (token === TOKEN.outClose) insideOutput = false;
    return weight;
  });
}

/**
 * The program of a code response that has just paused (last token <run>), for the runner; null when the
 * response does not start with <code> or the program holds a non-character token.
 */
export function programOf(response: readonly number[]): string | null {
  if (response[0] !== TOKEN.code) return null;
  const end = response.indexOf(TOKEN.run);
  if (end < 0) return null;
  const body = response.slice(1, end);
  return body.every(isCharacterToken) ? decodeText(body) : null;
}

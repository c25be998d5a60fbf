import { parseRational, rationalEquals, type Rational } from './rational';
import { decodeText, isCharacterToken, isKnownToken, TOKEN, type Method } from './tokenizer';

/** Why a response scores zero without its answer being compared. */
export type MalformedReason =
  | 'unknown-token' // an id outside the vocabulary
  | 'no-method' // the first token is not <cot> or <code>
  | 'too-long' // no <eos> before the length budget ran out
  | 'unterminated' // no <eos>, budget not reached (generation stopped early)
  | 'unclosed-code' // a program not closed by <run>
  | 'no-output' // <run> not followed by the runner's <out> ... </out>
  | 'no-answer' // no <ans> before <eos>
  | 'misplaced-token' // a special token where only characters may be
  | 'unparsable-answer'; // the answer is not an integer or a fraction

export type ScoreReason = 'correct' | 'wrong-answer' | MalformedReason;

export interface ParsedResponse {
  method: Method | null;
  reasoning?: string;
  program?: string;
  output?: string;
  answerText?: string;
  /** Set when the response does not follow the grammar. */
  malformed?: MalformedReason;
}

export interface Score {
  correct: boolean;
  reason: ScoreReason;
  method: Method | null;
  /** The answer as written, when there was one. */
  answerText: string | null;
  answer: Rational | null;
}

/** Reads characters from `start` up to the next non-character token; returns the text and that position. */
function readCharacters(response: readonly number[], start: number): { text: string; end: number } {
  let end = start;
  while (end < response.length && isCharacterToken(response[end])) end++;
  return { text: decodeText(response.slice(start, end)), end };
}

/**
 * Parses a response (the tokens after the question). Tokens after the first <eos> are ignored, as the
 * generator stops there. `budget` is how many response tokens the context allowed: a response without
 * <eos> that used all of them is too long. Never throws.
 */
export function parseResponse(response: readonly number[], budget = Number.POSITIVE_INFINITY): ParsedResponse {
  const stop = response.indexOf(TOKEN.eos);
  const body = stop < 0 ? response : response.slice(0, stop + 1);
  if (!body.every(isKnownToken)) return { method: null, malformed: 'unknown-token' };
  const method: Method | null = body[0] === TOKEN.cot ? 'cot' : body[0] === TOKEN.code ? 'code' : null;
  if (method === null) return { method, malformed: 'no-method' };
  if (stop < 0) return { method, malformed: response.length >= budget ? 'too-long' : 'unterminated' };
  if (body.length > budget) return { method, malformed: 'too-long' };

  const parsed: ParsedResponse = { method };
  let position: number;
  if (method === 'cot') {
    const reasoning = readCharacters(body, 1);
    parsed.reasoning = reasoning.text;
    position = reasoning.end;
  } else {
    const program = readCharacters(body, 1);
    parsed.program = program.text;
    if (body[program.end] !== TOKEN.run) return { ...parsed, malformed: 'unclosed-code' };
    if (body[program.end + 1] !== TOKEN.outOpen) return { ...parsed, malformed: 'no-output' };
    const output = readCharacters(body, program.end + 2);
    if (body[output.end] !== TOKEN.outClose) return { ...parsed, malformed: 'no-output' };
    parsed.output = output.text;
    position = output.end + 1;
  }
  if (body[position] === TOKEN.eos) return { ...parsed, malformed: 'no-answer' };
  if (body[position] !== TOKEN.ans) return { ...parsed, malformed: 'misplaced-token' };
  const answer = readCharacters(body, position + 1);
  parsed.answerText = answer.text;
  if (body[answer.end] !== TOKEN.eos) return { ...parsed, malformed: 'misplaced-token' };
  return parsed;
}

/** R(x, y): exact after normalisation (spaces, leading zeros, unreduced fractions); malformed is wrong, with its reason. */
export function scoreResponse(response: readonly number[], gold: Rational, budget = Number.POSITIVE_INFINITY): Score {
  const parsed = parseResponse(response, budget);
  const answerText = parsed.answerText ?? null;
  if (parsed.malformed !== undefined) {
    return { correct: false, reason: parsed.malformed, method: parsed.method, answerText, answer: null };
  }
  const answer = parseRational(answerText ?? '');
  if (answer === null) return { correct: false, reason: 'unparsable-answer', method: parsed.method, answerText, answer };
  const correct = rationalEquals(answer, gold);
  return { correct, reason: correct ? 'correct' : 'wrong-answer', method: parsed.method, answerText, answer };
}

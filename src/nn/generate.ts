/**
 * Batched generation: a scheduler over "decode backends" that advance every row of a batch by one token
 * per step. The KV-cache backend of the GPU model, its uncached twin (a full forward over the sequence so far
 * each step) and the float64 CPU twin all implement the same step, so one scheduler serves them all and
 * their outputs compare token for token.
 *
 * Per step each active row feeds one token at its position: a prompt token, an appended (tool output)
 * token, or the token sampled the step before. Forced tokens are fed one per step and never sampled; the
 * sample of a step is kept only when the row has no forced token left to feed. A row with nothing to feed
 * (paused, finished, or empty) gets position -1 and costs nothing in the cache.
 */

/** One step of B rows: what goes in. positions[b] < 0 marks an idle row. */
export interface DecodeStepInput {
  tokens: Int32Array;
  positions: Int32Array;
  temperatures: Float32Array;
  topK: number;
  seed: number;
  /** Step counter of this generation call, the sampler's counter-based random stream index. */
  step: number;
}

/** What comes back from one step: one sampled token per row and its log-prob at temperature 1. */
export interface DecodeStepOutput {
  tokens: Int32Array;
  logprobs: Float32Array;
}

export interface DecodeBackend {
  /** Rows one step can carry. */
  readonly maxRows: number;
  readonly contextLength: number;
  readonly vocabSize: number;
  /**
   * Advances `rows` rows by one token. Row b's history (cache) holds the tokens fed at positions
   * 0..positions[b]-1 since it last fed position 0; feeding position 0 starts a new sequence in that row.
   */
  step(input: DecodeStepInput, rows: number): Promise<DecodeStepOutput>;
}

/**
 * For backends that recompute from whole histories: row b's history after this step's token (rewound to the
 * fed position first, as a new sequence or a retry rewinds it), or null for an idle row.
 */
export function feedHistory(history: number[], input: DecodeStepInput, b: number): number[] | null {
  const position = input.positions[b];
  if (position < 0) return null;
  if (position > history.length) throw new RangeError(`row ${b} feeds position ${position} with only ${history.length} tokens before it`);
  history.length = position;
  history.push(input.tokens[b]);
  return history;
}

export interface GenerationRequest {
  /** Context to condition on (a forced prefix such as a method token is simply part of it); at least one token. */
  prompt: readonly number[];
  /** Sampled tokens allowed (appended tool output does not count). */
  maxNewTokens: number;
  /** <= 0 is greedy; default 1. */
  temperature?: number;
  /** Sampling one of these ends the sequence with 'stop' (the token is kept). */
  stopTokens?: readonly number[];
}

export type PauseHandler = (sequenceIndex: number, tokensSoFar: readonly number[]) => Promise<readonly number[]>;

export interface GenerateOptions {
  /** Candidates per sample (0: all), one value for the batch (the sampling kernel's contract). */
  topK?: number;
  /** Seed of the batch's counter-based sampler: the same seed, requests and batch give the same tokens. */
  seed?: number;
  /** Sampling this token holds the sequence and calls onPause; the tokens it resolves to are fed as context. */
  pauseToken?: number;
  onPause?: PauseHandler;
}

export type FinishReason = 'stop' | 'length' | 'context';

export interface GenerationResult {
  /** Prompt, then every token fed or sampled after it, in order. */
  tokens: number[];
  promptLength: number;
  /** Per token of `tokens`: true where the model sampled it. */
  sampled: boolean[];
  /** Per token of `tokens`: the behaviour log-prob (temperature 1) where sampled, 0 elsewhere. */
  logprobs: number[];
  finishReason: FinishReason;
  /** How many times the sequence paused. */
  pauses: number;
}

interface SequenceState {
  index: number;
  request: GenerationRequest;
  result: GenerationResult;
  /** Tokens fed to the model so far; tokens[fed] is the next to feed. */
  fed: number;
  sampledCount: number;
  slot: number;
  status: 'waiting' | 'running' | 'paused' | 'done';
}

/** Runs every request to completion, at most backend.maxRows at once (finished rows are refilled). */
export async function generate(backend: DecodeBackend, requests: readonly GenerationRequest[], options: GenerateOptions = {}): Promise<GenerationResult[]> {
  if (options.pauseToken !== undefined && !options.onPause) throw new RangeError('a pauseToken needs an onPause handler');
  const sequences = requests.map((request, index) => createSequence(request, index, backend));
  const rows = Math.min(backend.maxRows, requests.length);
  const slots: Array<SequenceState | null> = new Array(rows).fill(null);
  const waiting = sequences.filter((s) => s.status === 'waiting');
  const resumptions = new Set<Promise<void>>();
  // A pause handler that fails ends the whole call with its error (kept here: a rejection must not go unobserved).
  let pauseFailure: { error: unknown } | null = null;

  const input: DecodeStepInput = {
    tokens: new Int32Array(rows),
    positions: new Int32Array(rows),
    temperatures: new Float32Array(rows),
    topK: options.topK ?? 0,
    seed: options.seed ?? 0,
    step: 0,
  };

  const admit = () => {
    for (let slot = 0; slot < rows && waiting.length > 0; slot++) {
      const occupant = slots[slot];
      if (occupant && occupant.status !== 'done') continue;
      const next = waiting.shift()!;
      next.slot = slot;
      next.status = 'running';
      slots[slot] = next;
    }
  };

  const pause = (sequence: SequenceState) => {
    sequence.status = 'paused';
    sequence.result.pauses++;
    const snapshot = [...sequence.result.tokens];
    const resumed = options.onPause!(sequence.index, snapshot)
      .then((appended) => append(sequence, appended, backend))
      .catch((error: unknown) => {
        pauseFailure ??= { error };
      })
      .finally(() => resumptions.delete(resumed));
    resumptions.add(resumed);
  };

  admit();
  for (;;) {
    if (pauseFailure) throw (pauseFailure as { error: unknown }).error;
    const running = slots.filter((s): s is SequenceState => s !== null && s.status === 'running');
    if (running.length === 0) {
      if (resumptions.size === 0) break;
      await Promise.race(resumptions);
      admit();
      continue;
    }
    for (let slot = 0; slot < rows; slot++) {
      const sequence = slots[slot];
      const active = sequence !== null && sequence.status === 'running';
      input.tokens[slot] = active ? sequence.result.tokens[sequence.fed] : 0;
      input.positions[slot] = active ? sequence.fed : -1;
      input.temperatures[slot] = active ? (sequence.request.temperature ?? 1) : 0;
    }
    const output = await backend.step(input, rows);
    input.step++;
    for (const sequence of running) {
      sequence.fed++;
      if (sequence.fed < sequence.result.tokens.length) continue; // forced tokens remain: discard the sample
      const token = output.tokens[sequence.slot];
      const { result, request } = sequence;
      result.tokens.push(token);
      result.sampled.push(true);
      result.logprobs.push(output.logprobs[sequence.slot]);
      sequence.sampledCount++;
      if (request.stopTokens?.includes(token)) finish(sequence, 'stop');
      else if (sequence.sampledCount >= request.maxNewTokens) finish(sequence, 'length');
      else if (result.tokens.length >= backend.contextLength) finish(sequence, 'context');
      else if (token === options.pauseToken) pause(sequence);
    }
    admit();
  }
  return sequences.map((s) => s.result);
}

function checkTokens(tokens: readonly number[], vocabSize: number, what: string): void {
  const bad = tokens.find((token) => !Number.isInteger(token) || token < 0 || token >= vocabSize);
  if (bad !== undefined) throw new RangeError(`${what} holds token ${bad}, outside the vocabulary of ${vocabSize}`);
}

function createSequence(request: GenerationRequest, index: number, backend: DecodeBackend): SequenceState {
  if (request.prompt.length === 0) throw new RangeError(`request ${index} has an empty prompt; generation needs at least one token of context`);
  checkTokens(request.prompt, backend.vocabSize, `the prompt of request ${index}`);
  const contextLength = backend.contextLength;
  const tokens = [...request.prompt];
  const sequence: SequenceState = {
    index,
    request,
    result: { tokens, promptLength: tokens.length, sampled: tokens.map(() => false), logprobs: tokens.map(() => 0), finishReason: 'length', pauses: 0 },
    fed: 0,
    sampledCount: 0,
    slot: -1,
    status: 'waiting',
  };
  // A sequence that cannot sample even one token ends before it takes a row.
  if (tokens.length >= contextLength) finish(sequence, 'context');
  else if (request.maxNewTokens <= 0) finish(sequence, 'length');
  return sequence;
}

/** Appends tool output as context (clipped to the context length, which then ends the sequence). */
function append(sequence: SequenceState, appended: readonly number[], backend: DecodeBackend): void {
  checkTokens(appended, backend.vocabSize, `the tokens appended after pause of sequence ${sequence.index}`);
  const { result } = sequence;
  const contextLength = backend.contextLength;
  const room = contextLength - result.tokens.length;
  for (const token of appended.slice(0, Math.max(0, room))) {
    result.tokens.push(token);
    result.sampled.push(false);
    result.logprobs.push(0);
  }
  if (result.tokens.length >= contextLength) finish(sequence, 'context');
  else sequence.status = 'running';
}

function finish(sequence: SequenceState, reason: FinishReason): void {
  sequence.status = 'done';
  sequence.result.finishReason = reason;
}

/**
 * The character-level vocabulary: eight special tokens, then newline and printable ASCII (space .. '~').
 * Ids are stable: special tokens first, in the order below, then characters by code point.
 */
export const SPECIAL_TOKENS = ['<pad>', '<cot>', '<code>', '<run>', '<out>', '</out>', '<ans>', '<eos>'] as const;
export type SpecialToken = (typeof SPECIAL_TOKENS)[number];

/** Token ids the generator, the grammar and the trainer need by name. */
export const TOKEN = {
  /** Fills rows of a batch past their sequence; never a target. */
  pad: 0,
  /** Method token: a chain of thought follows. */
  cot: 1,
  /** Method token: a Python program follows. */
  code: 2,
  /** Closes a program: generation pauses here while the sandbox runs it. */
  run: 3,
  /** Opens the sandbox output that the runner inserts (context only, never trained on). */
  outOpen: 4,
  /** Closes the sandbox output. */
  outClose: 5,
  /** The final answer follows. */
  ans: 6,
  /** Stop token: ends every response. */
  eos: 7,
} as const satisfies Record<string, number>;

export const METHOD_TOKENS = { cot: TOKEN.cot, code: TOKEN.code } as const;
export type Method = keyof typeof METHOD_TOKENS;
export const METHODS: readonly Method[] = ['cot', 'code'];

/** The characters of the vocabulary, in id order. */
export const CHARACTERS: string = '\n' + Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

export const VOCAB_SIZE = SPECIAL_TOKENS.length + CHARACTERS.length;

const CHARACTER_IDS: ReadonlyMap<string, number> = new Map(
  Array.from(CHARACTERS, (character, index) => [character, SPECIAL_TOKENS.length + index]),
);

/** Stands in for characters outside the vocabulary in text the world does not write (sandbox output). */
export const REPLACEMENT_CHARACTER = '?';

export function isCharacterToken(id: number): boolean {
  return Number.isInteger(id) && id >= SPECIAL_TOKENS.length && id < VOCAB_SIZE;
}

export function isKnownToken(id: number): boolean {
  return Number.isInteger(id) && id >= 0 && id < VOCAB_SIZE;
}

export function isInVocabulary(character: string): boolean {
  return CHARACTER_IDS.has(character);
}

/** Ids of a text the world wrote; a character outside the vocabulary is a bug, so it throws. */
export function encodeText(text: string): number[] {
  return Array.from(text, (character) => {
    const id = CHARACTER_IDS.get(character);
    if (id === undefined) throw new RangeError(`character ${JSON.stringify(character)} is not in the vocabulary`);
    return id;
  });
}

/** Replaces every character outside the vocabulary (tabs, non-ASCII, other control characters) with '?'. */
export function sanitizeText(text: string): string {
  return Array.from(text, (character) => (CHARACTER_IDS.has(character) ? character : REPLACEMENT_CHARACTER)).join('');
}

/** Text of character tokens only: throws on a special or unknown id (use renderTokens to show any sequence). */
export function decodeText(ids: readonly number[]): string {
  return ids
    .map((id) => {
      if (!isCharacterToken(id)) throw new RangeError(`token ${id} is not a character`);
      return CHARACTERS[id - SPECIAL_TOKENS.length];
    })
    .join('');
}

/** Any sequence as readable text: specials by name, unknown ids as <?id>. */
export function renderTokens(ids: readonly number[]): string {
  return ids
    .map((id) => {
      if (isCharacterToken(id)) return CHARACTERS[id - SPECIAL_TOKENS.length];
      if (isKnownToken(id)) return SPECIAL_TOKENS[id];
      return `<?${id}>`;
    })
    .join('');
}

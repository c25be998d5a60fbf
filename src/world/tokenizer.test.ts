import { describe, expect, it } from 'vitest';
import { CHARACTERS, decodeText, encodeText, isInVocabulary, renderTokens, sanitizeText, SPECIAL_TOKENS, TOKEN, VOCAB_SIZE } from './tokenizer';

describe('tokenizer', () => {
  it('numbers special tokens first, in the order TOKEN names them', () => {
    expect(SPECIAL_TOKENS.map((_, id) => id)).toEqual(Object.values(TOKEN).sort((a, b) => a - b));
    expect(SPECIAL_TOKENS[TOKEN.run]).toBe('<run>');
    expect(SPECIAL_TOKENS[TOKEN.eos]).toBe('<eos>');
    expect(SPECIAL_TOKENS[TOKEN.code]).toBe('<code>');
    expect(VOCAB_SIZE).toBe(SPECIAL_TOKENS.length + 96);
    expect(new Set(CHARACTERS).size).toBe(CHARACTERS.length);
  });

  it('round-trips every character of the vocabulary', () => {
    const text = CHARACTERS + 'from fractions import Fraction as F\nprint(F(1,6)+F(3,4))';
    const ids = encodeText(text);
    expect(ids.every((id) => id >= SPECIAL_TOKENS.length && id < VOCAB_SIZE)).toBe(true);
    expect(decodeText(ids)).toBe(text);
  });

  it('refuses characters outside the vocabulary when encoding, and replaces them when sanitising', () => {
    expect(() => encodeText('x\ty')).toThrow(RangeError);
    expect(() => encodeText('é')).toThrow(RangeError);
    expect(sanitizeText('a\tb é😀')).toBe('a?b ??');
    expect(isInVocabulary('~')).toBe(true);
    expect(isInVocabulary('\r')).toBe(false);
  });

  it('renders any sequence, specials by name and unknown ids visibly', () => {
    expect(renderTokens([...encodeText('1+1'), TOKEN.cot, TOKEN.eos, 999])).toBe('1+1<cot><eos><?999>');
    expect(() => decodeText([TOKEN.cot])).toThrow(RangeError);
  });
});

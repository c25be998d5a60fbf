/**
 * A fingerprint of what the world generator produces for a config: a hex SHA-256 over the vocabulary and,
 * for every problem of every split, its split, family, level, question, gold answer and both ability
 * demonstrations (token ids and loss weights). A shipped checkpoint records it, so a change to a family
 * generator, the splits, the grammar or the tokenizer shows as a different fingerprint.
 */
import type { WorldConfig } from '../config/schema';
import { abilityExample } from './demonstrations';
import { formatRational } from './rational';
import { buildSplits, type SplitName } from './splits';
import { CHARACTERS, SPECIAL_TOKENS } from './tokenizer';

/** Bump when the world's meaning changes in a way the tokens do not show (e.g. how answers are scored). */
export const WORLD_FORMAT_VERSION = 1;

const SPLIT_ORDER: readonly SplitName[] = ['test', 'query', 'warmStart'];

/** Length-prefixed fields into one growing buffer: no two different inputs serialise alike. */
class ByteWriter {
  private bytes = new Uint8Array(1 << 16);
  private view = new DataView(this.bytes.buffer);
  private length = 0;
  private readonly encoder = new TextEncoder();

  private reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    let size = this.bytes.length;
    while (size < this.length + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  u32(value: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, value, true);
    this.length += 4;
  }

  text(value: string): void {
    const encoded = this.encoder.encode(value);
    this.u32(encoded.length);
    this.reserve(encoded.length);
    this.bytes.set(encoded, this.length);
    this.length += encoded.length;
  }

  /** Token ids as u16 (the vocabulary is far below 65536), then weights as one byte each (0 or 1). */
  sequence(tokens: readonly number[], weights: readonly number[]): void {
    this.u32(tokens.length);
    this.reserve(3 * tokens.length);
    for (const token of tokens) {
      if (!Number.isInteger(token) || token < 0 || token > 0xffff) throw new RangeError(`token id ${token} does not fit the fingerprint`);
      this.view.setUint16(this.length, token, true);
      this.length += 2;
    }
    for (const weight of weights) {
      if (weight !== 0 && weight !== 1) throw new RangeError(`demonstration weight ${weight} is neither 0 nor 1`);
      this.bytes[this.length++] = weight;
    }
  }

  result(): Uint8Array<ArrayBuffer> {
    return this.bytes.slice(0, this.length);
  }
}

/** The canonical bytes the fingerprint hashes (exported for tests and debugging). */
export function worldBytes(world: WorldConfig, outputChars: number): Uint8Array<ArrayBuffer> {
  const out = new ByteWriter();
  out.text(`autocode-world/${WORLD_FORMAT_VERSION}`);
  out.u32(SPECIAL_TOKENS.length);
  for (const token of SPECIAL_TOKENS) out.text(token);
  out.text(CHARACTERS);
  out.u32(outputChars);
  const splits = buildSplits(world);
  for (const split of SPLIT_ORDER) {
    out.text(split);
    out.u32(splits[split].length);
    for (const problem of splits[split]) {
      out.text(problem.family);
      out.u32(problem.level);
      out.text(problem.question);
      out.text(formatRational(problem.gold));
      for (const method of ['cot', 'code'] as const) {
        const example = abilityExample(problem, method, outputChars);
        out.sequence(example.tokens, example.weights);
      }
    }
  }
  return out.result();
}

export async function worldFingerprint(world: WorldConfig, outputChars: number): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', worldBytes(world, outputChars));
  return hex(new Uint8Array(digest));
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

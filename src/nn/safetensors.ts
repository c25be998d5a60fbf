/**
 * The safetensors format (Hugging Face): an 8-byte little-endian header length N, N bytes of JSON
 * { "__metadata__": {string: string}, name: {dtype, shape, data_offsets: [begin, end]} , ... }, then the
 * tensor bytes, offsets relative to the first byte after the header. Only F32 is written or read here.
 * The writer pads the header with spaces to a multiple of 8 bytes, as the reference writer does, so that
 * every tensor is aligned in the file.
 */

export interface NamedTensor {
  name: string;
  shape: readonly number[];
  data: Float32Array;
}

export interface SafetensorsContents {
  tensors: Map<string, { shape: number[]; data: Float32Array }>;
  metadata: Record<string, string>;
}

/** A file that is not a well-formed F32 safetensors file, or that does not match what the reader expects. */
export class SafetensorsError extends Error {
  override name = 'SafetensorsError';
}

const METADATA_KEY = '__metadata__';
/** The reference implementation refuses headers above 100 MB; so do we (a corrupt length reads as huge). */
const MAX_HEADER_BYTES = 100_000_000;
const HEADER_ALIGN = 8;

export function encodeSafetensors(tensors: readonly NamedTensor[], metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = { [METADATA_KEY]: metadata };
  let offset = 0;
  for (const { name, shape, data } of tensors) {
    const elements = shape.reduce((a, b) => a * b, 1);
    if (elements !== data.length) throw new SafetensorsError(`tensor ${name}: shape [${shape.join(', ')}] holds ${elements} values, data has ${data.length}`);
    if (name === METADATA_KEY || name in header) throw new SafetensorsError(`tensor name ${name} is reserved or repeated`);
    header[name] = { dtype: 'F32', shape: [...shape], data_offsets: [offset, offset + data.length * 4] };
    offset += data.length * 4;
  }
  let json = JSON.stringify(header);
  const jsonBytesLength = new TextEncoder().encode(json).length;
  json += ' '.repeat((HEADER_ALIGN - ((8 + jsonBytesLength) % HEADER_ALIGN)) % HEADER_ALIGN);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const { data } of tensors) {
    for (let i = 0; i < data.length; i++, at += 4) view.setFloat32(at, data[i], true);
  }
  return out;
}

export function decodeSafetensors(bytes: Uint8Array): SafetensorsContents {
  if (bytes.length < 8) throw new SafetensorsError(`not a safetensors file: ${bytes.length} bytes, shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(Math.min(MAX_HEADER_BYTES, bytes.length - 8))) {
    throw new SafetensorsError(`corrupt safetensors file: header length ${headerLength} exceeds the file (${bytes.length} bytes) or the 100 MB cap`);
  }
  const dataStart = 8 + Number(headerLength);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, dataStart)));
  } catch (error) {
    throw new SafetensorsError(`corrupt safetensors file: the header is not UTF-8 JSON (${(error as Error).message})`);
  }
  if (!isRecord(header)) throw new SafetensorsError('corrupt safetensors file: the header is not a JSON object');

  const metadata = readMetadata(header[METADATA_KEY]);
  const dataLength = bytes.length - dataStart;
  const entries: Array<{ name: string; shape: number[]; begin: number; end: number }> = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === METADATA_KEY) continue;
    if (!isRecord(value)) throw new SafetensorsError(`corrupt safetensors file: entry ${name} is not an object`);
    const { dtype, shape, data_offsets: offsets } = value;
    if (dtype !== 'F32') throw new SafetensorsError(`tensor ${name} has dtype ${String(dtype)}; only F32 is supported`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) throw new SafetensorsError(`tensor ${name}: shape is not a list of sizes`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0)) {
      throw new SafetensorsError(`tensor ${name}: data_offsets is not a pair of byte offsets`);
    }
    const [begin, end] = offsets as [number, number];
    const elements = (shape as number[]).reduce((a, b) => a * b, 1);
    if (end - begin !== elements * 4) throw new SafetensorsError(`tensor ${name}: shape [${shape.join(', ')}] needs ${elements * 4} bytes, data_offsets give ${end - begin}`);
    entries.push({ name, shape: shape as number[], begin, end });
  }
  // As the reference reader: the byte ranges tile the data section exactly, with no hole or overlap.
  entries.sort((a, b) => a.begin - b.begin);
  let expected = 0;
  for (const entry of entries) {
    if (entry.begin !== expected) throw new SafetensorsError(`corrupt safetensors file: tensor ${entry.name} starts at byte ${entry.begin}, expected ${expected}`);
    expected = entry.end;
  }
  if (expected !== dataLength) throw new SafetensorsError(`corrupt safetensors file: tensors cover ${expected} bytes of data but the file holds ${dataLength}`);

  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const { name, shape, begin, end } of entries) {
    const data = new Float32Array((end - begin) / 4);
    for (let i = 0; i < data.length; i++) data[i] = view.getFloat32(dataStart + begin + i * 4, true);
    tensors.set(name, { shape, data });
  }
  return { tensors, metadata };
}

function readMetadata(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (!isRecord(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw new SafetensorsError('corrupt safetensors file: __metadata__ must map strings to strings');
  }
  return value as Record<string, string>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

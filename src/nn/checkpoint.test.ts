import { describe, expect, it } from 'vitest';
import { parametersFromSafetensors, parametersToSafetensors, checkpointConfig } from './checkpoint';
import { initParameters } from './init';
import { buildLayout } from './layout';
import { decodeSafetensors, encodeSafetensors, SafetensorsError } from './safetensors';

const CONFIG = { vocabSize: 13, contextLength: 7, layers: 2, heads: 3, width: 9 };

describe('safetensors', () => {
  it('reads a file written by hand from the format description', () => {
    const json = '{"__metadata__":{"format":"pt"},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
    const header = new TextEncoder().encode(json);
    const bytes = new Uint8Array(8 + header.length + 12);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, header.length, true); // u64 little-endian: low word first, high word 0
    bytes.set(header, 8);
    [1.5, -2, 0.25].forEach((value, i) => view.setFloat32(8 + header.length + 4 * i, value, true));
    const { tensors, metadata } = decodeSafetensors(bytes);
    expect(metadata).toEqual({ format: 'pt' });
    expect(Array.from(tensors.get('a')!.data)).toEqual([1.5, -2]);
    expect(tensors.get('b')!.shape).toEqual([1]);
    expect(Array.from(tensors.get('b')!.data)).toEqual([0.25]);
  });

  it('pads the header to 8 bytes and round-trips tensors and metadata', () => {
    const tensors = [
      { name: 'x', shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) },
      { name: 'y', shape: [1], data: Float32Array.from([Math.fround(0.1)]) },
    ];
    const bytes = encodeSafetensors(tensors, { note: 'hé' });
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + headerLength) % 8).toBe(0);
    const decoded = decodeSafetensors(bytes);
    expect(decoded.metadata).toEqual({ note: 'hé' });
    expect(Array.from(decoded.tensors.get('x')!.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(decoded.tensors.get('y')!.data[0]).toBe(Math.fround(0.1));
  });

  it('refuses corrupt files with a clear message', () => {
    const good = encodeSafetensors([{ name: 'x', shape: [4], data: new Float32Array(4) }]);
    expect(() => decodeSafetensors(good.subarray(0, 5))).toThrow(/shorter than the 8-byte header length/);
    expect(() => decodeSafetensors(good.subarray(0, good.length - 4))).toThrow(/tensors cover 16 bytes of data but the file holds 12/);
    const hugeHeader = Uint8Array.from(good);
    hugeHeader[6] = 0xff;
    expect(() => decodeSafetensors(hugeHeader)).toThrow(/header length .* exceeds the file/);
    const garbled = Uint8Array.from(good);
    garbled[8] = 0x5b; // '[' instead of '{'
    expect(() => decodeSafetensors(garbled)).toThrow(SafetensorsError);
    const f16 = new TextEncoder().encode('{"x":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}');
    const f16File = new Uint8Array(8 + f16.length + 4);
    new DataView(f16File.buffer).setUint32(0, f16.length, true);
    f16File.set(f16, 8);
    expect(() => decodeSafetensors(f16File)).toThrow(/dtype F16; only F32/);
  });
});

describe('model checkpoints', () => {
  const layout = buildLayout(CONFIG);

  it('round-trips every parameter bit for bit, with the config in the metadata', () => {
    const params = initParameters(layout, 3);
    const bytes = parametersToSafetensors(layout, params, { step: '12' });
    expect(checkpointConfig(bytes)).toEqual(CONFIG);
    const { tensors } = decodeSafetensors(bytes);
    expect([...tensors.keys()].sort()).toEqual(layout.tensors.map((t) => t.name).sort());
    expect(tensors.get('h.1.mlp.c_fc.weight')!.shape).toEqual([4 * CONFIG.width, CONFIG.width]);
    const loaded = parametersFromSafetensors(layout, bytes);
    expect(Buffer.from(loaded.params.buffer).equals(Buffer.from(params.buffer))).toBe(true);
    expect(loaded.metadata).toEqual({ format: 'pt', step: '12' });
  });

  it('refuses a checkpoint of another model, naming the difference', () => {
    const otherHeads = buildLayout({ ...CONFIG, heads: 1 }); // same tensor shapes, different model
    const bytes = parametersToSafetensors(otherHeads, initParameters(otherHeads, 1));
    expect(() => parametersFromSafetensors(layout, bytes)).toThrow(/another model: heads 1 \(model has 3\)/);
  });

  it('refuses a file whose tensors or shapes do not match the layout', () => {
    const params = initParameters(layout, 1);
    const metadata = decodeSafetensors(parametersToSafetensors(layout, params)).metadata;
    const named = layout.tensors.map((e) => ({ name: e.name, shape: e.shape, data: params.subarray(e.offset, e.offset + e.size) }));
    const withoutLnF = encodeSafetensors(named.filter((t) => t.name !== 'ln_f.bias'), metadata);
    expect(() => parametersFromSafetensors(layout, withoutLnF)).toThrow(/missing \[ln_f\.bias\], unexpected \[\]/);
    const reshaped = encodeSafetensors(
      named.map((t) => (t.name === 'wte.weight' ? { ...t, shape: [CONFIG.width, CONFIG.vocabSize] } : t)),
      metadata,
    );
    expect(() => parametersFromSafetensors(layout, reshaped)).toThrow(/wte\.weight has shape \[9, 13\], the model needs \[13, 9\]/);
    expect(() => parametersFromSafetensors(layout, encodeSafetensors(named))).toThrow(/no autocode\.model_config/);
  });
});

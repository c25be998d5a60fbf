/**
 * Kernel parameters travel in a uniform struct of 4-byte scalars, in declaration order.
 * Integers are u32 by default; tag floats and signed integers explicitly.
 */
export type ParamValue = number | { f32: number } | { i32: number };
export type Params = readonly ParamValue[];

export const f32 = (value: number): ParamValue => ({ f32: value });
export const i32 = (value: number): ParamValue => ({ i32: value });

/** Writes params into `view` at `byteOffset`; throws on a non-integer or negative u32 (a caller bug). */
export function packParams(params: Params, view: DataView, byteOffset: number): void {
  params.forEach((value, index) => {
    const at = byteOffset + index * 4;
    if (typeof value === 'number') {
      if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
        throw new RangeError(`kernel param ${index} = ${value} is not a u32; tag floats with f32()`);
      }
      view.setUint32(at, value, true);
    } else if ('f32' in value) {
      view.setFloat32(at, value.f32, true);
    } else {
      view.setInt32(at, value.i32, true);
    }
  });
}

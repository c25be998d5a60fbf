import { asRange, type Binding } from '../../gpu/buffers';
import type { KernelContext } from './kernel-context';

/** Invocations per workgroup of every linearly indexed kernel in shaders/ (their `const WG`). */
export const WORKGROUP_SIZE = 64;

/**
 * Workgroup grid for `invocations` linearly indexed invocations. A dispatch may have at most
 * maxComputeWorkgroupsPerDimension (65535 by default) workgroups per dimension, so large counts fold into a
 * 2-D grid; the shaders recover the index as gid.x + gid.y * (num_workgroups.x * WG) and skip the overshoot.
 */
export function foldedGrid(invocations: number, maxPerDimension: number, workgroupSize = WORKGROUP_SIZE): [number, number] {
  const groups = Math.ceil(invocations / workgroupSize);
  if (groups <= maxPerDimension) return [groups, 1];
  const rows = Math.ceil(groups / maxPerDimension);
  if (rows > maxPerDimension) throw new RangeError(`${invocations} invocations exceed a ${maxPerDimension}x${maxPerDimension} grid of ${workgroupSize}-wide workgroups`);
  return [Math.ceil(groups / rows), rows];
}

export function linearGrid(k: KernelContext, invocations: number): [number, number] {
  return foldedGrid(invocations, k.ctx.limits.maxComputeWorkgroupsPerDimension);
}

/** Rows of `width` floats that fit in a binding (for tables whose row count the twin's signature leaves implicit). */
export function rowsIn(binding: Binding, width: number): number {
  return Math.floor(asRange(binding).size / 4 / width);
}

/** Whether N elements over these bindings can be processed as whole vec4f (N and every binding size multiples of 4 floats). */
export function fitsVec4(N: number, ...bindings: Binding[]): boolean {
  return N % 4 === 0 && bindings.every((binding) => asRange(binding).size % 16 === 0);
}

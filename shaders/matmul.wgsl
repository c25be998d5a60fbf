// matmul, variant "register-blocked" with vec4 loads: the one that CPU adapters (SwiftShader) run fastest.
//
// The three products of a linear layer (C = input width, OC = output width, N rows), each with its own
// memory layout so that every load is a vec4 along a contiguous dimension:
//   forward_nt:   c[m, n] (+)= sum_k A[m, k] * B[n, k]   forward: out = inp [N, C] . weight [OC, C]^T
//   forward_nt_bias: the same plus bias[n]
//   backward_nn:  c[m, n] (+)= sum_k A[m, k] * B[k, n]   dinp += dout [N, OC] . weight [OC, C]
//   backward_tn:  c[m, n] (+)= sum_k A[k, m] * B[k, n]   dweight += dout [N, OC]^T . inp [N, C]
// c is row-major [M, N]; += when params.accumulate is 1. Needs the dimensions that vec4 loads run along to
// be multiples of 4 (C and OC); src/nn/ops/matmul.ts sends other layers to shaders/matmul_strided.wgsl.
//
// Dispatch: workgroups of 8 x 8 invocations. forward_nt*: each invocation computes 8 rows x 4 columns of c,
// a workgroup 32 columns (x) by 64 rows (y); backward_*: 4 rows x 8 columns each, 64 columns by 32 rows.
// Row tiles beyond 65535 fold into z: tile = wid.y + wid.z * nwg.y.
//
// What this variant changes (compared with workgroup-tiled, shaders/matmul_tiled.wgsl): no workgroup
// memory and no barriers. The 32 accumulators live in eight named vec4f registers,
// updated with fma as outer products; operands come straight from storage as vec4s (12 vec4 loads per 128
// multiply-adds in forward_nt and backward_nn, 3 per 32 in backward_tn). SwiftShader runs
// invocations as SIMD lanes of a CPU thread: local arrays spill there, and workgroup memory costs compile time and barriers, so plain
// registers win by several times (compared with shaders/matmul_strided.wgsl, vec4 loads gain about 1.5x).
// Out-of-range rows and columns are clamped for loads (no branch in the inner loop) and masked at stores.

struct Params {
  M: u32,
  N: u32,
  K: u32,
  // 1: c += product (backward), 0: c = product (forward).
  accumulate: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> a: array<vec4f>;
@group(0) @binding(2) var<storage, read> b: array<vec4f>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;
@group(0) @binding(4) var<storage, read> bias: array<f32>;

const WG = 8u;
const BLOCK = 4u;

// First column (x) and row (y) of this invocation's block.
fn block_origin(lid: vec3u, wid: vec3u, nwg: vec3u) -> vec2u {
  let tile_y = wid.y + wid.z * nwg.y;
  return vec2u((wid.x * WG + lid.x) * BLOCK, (tile_y * WG + lid.y) * BLOCK);
}

fn store_row(m: u32, n0: u32, v: vec4f) {
  if (m >= params.M) {
    return;
  }
  let row = m * params.N;
  for (var j = 0u; j < BLOCK; j++) {
    let n = n0 + j;
    if (n < params.N) {
      if (params.accumulate != 0u) {
        c[row + n] += v[j];
      } else {
        c[row + n] = v[j];
      }
    }
  }
}

fn store_block(m0: u32, n0: u32, r0: vec4f, r1: vec4f, r2: vec4f, r3: vec4f) {
  store_row(m0, n0, r0);
  store_row(m0 + 1u, n0, r1);
  store_row(m0 + 2u, n0, r2);
  store_row(m0 + 3u, n0, r3);
}

struct Block8 {
  r0: vec4f,
  r1: vec4f,
  r2: vec4f,
  r3: vec4f,
  r4: vec4f,
  r5: vec4f,
  r6: vec4f,
  r7: vec4f,
}

// One row of A against the four rows of B (transposed into t0..t3): four fma into one accumulator.
fn row_step(x: vec4f, t0: vec4f, t1: vec4f, t2: vec4f, t3: vec4f, r: vec4f) -> vec4f {
  return fma(vec4f(x.w), t3, fma(vec4f(x.z), t2, fma(vec4f(x.y), t1, fma(vec4f(x.x), t0, r))));
}

// A [M, K] and B [N, K], both vec4 along k. 8 rows x 4 columns per invocation: B's four rows (the loads
// that differ between neighbouring invocations) are transposed in registers once and reused by 8 rows of A,
// 12 vec4 loads per 128 multiply-adds (a 4 x 4 block needs 8 per 64; about 15% slower on SwiftShader).
fn block_nt(m0: u32, n0: u32) -> Block8 {
  let p = params;
  let K4 = p.K / 4u;
  let last = p.M - 1u;
  let a0 = min(m0, last) * K4;
  let a1 = min(m0 + 1u, last) * K4;
  let a2 = min(m0 + 2u, last) * K4;
  let a3 = min(m0 + 3u, last) * K4;
  let a4 = min(m0 + 4u, last) * K4;
  let a5 = min(m0 + 5u, last) * K4;
  let a6 = min(m0 + 6u, last) * K4;
  let a7 = min(m0 + 7u, last) * K4;
  let b0 = min(n0, p.N - 1u) * K4;
  let b1 = min(n0 + 1u, p.N - 1u) * K4;
  let b2 = min(n0 + 2u, p.N - 1u) * K4;
  let b3 = min(n0 + 3u, p.N - 1u) * K4;
  var r0 = vec4f(0.0);
  var r1 = vec4f(0.0);
  var r2 = vec4f(0.0);
  var r3 = vec4f(0.0);
  var r4 = vec4f(0.0);
  var r5 = vec4f(0.0);
  var r6 = vec4f(0.0);
  var r7 = vec4f(0.0);
  for (var k = 0u; k < K4; k++) {
    let y0 = b[b0 + k];
    let y1 = b[b1 + k];
    let y2 = b[b2 + k];
    let y3 = b[b3 + k];
    let t0 = vec4f(y0.x, y1.x, y2.x, y3.x);
    let t1 = vec4f(y0.y, y1.y, y2.y, y3.y);
    let t2 = vec4f(y0.z, y1.z, y2.z, y3.z);
    let t3 = vec4f(y0.w, y1.w, y2.w, y3.w);
    r0 = row_step(a[a0 + k], t0, t1, t2, t3, r0);
    r1 = row_step(a[a1 + k], t0, t1, t2, t3, r1);
    r2 = row_step(a[a2 + k], t0, t1, t2, t3, r2);
    r3 = row_step(a[a3 + k], t0, t1, t2, t3, r3);
    r4 = row_step(a[a4 + k], t0, t1, t2, t3, r4);
    r5 = row_step(a[a5 + k], t0, t1, t2, t3, r5);
    r6 = row_step(a[a6 + k], t0, t1, t2, t3, r6);
    r7 = row_step(a[a7 + k], t0, t1, t2, t3, r7);
  }
  return Block8(r0, r1, r2, r3, r4, r5, r6, r7);
}

// First column (x) and row (y) of an 8 x 4 block: workgroups cover 32 columns by 64 rows.
fn block8_origin(lid: vec3u, wid: vec3u, nwg: vec3u) -> vec2u {
  let tile_y = wid.y + wid.z * nwg.y;
  return vec2u((wid.x * WG + lid.x) * BLOCK, (tile_y * WG + lid.y) * 8u);
}

fn store_block8(m0: u32, n0: u32, t: Block8, offset: vec4f) {
  store_block(m0, n0, t.r0 + offset, t.r1 + offset, t.r2 + offset, t.r3 + offset);
  store_block(m0 + 4u, n0, t.r4 + offset, t.r5 + offset, t.r6 + offset, t.r7 + offset);
}

@compute @workgroup_size(WG, WG)
fn forward_nt(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let o = block8_origin(lid, wid, nwg);
  if (o.y >= params.M) {
    return;
  }
  store_block8(o.y, o.x, block_nt(o.y, o.x), vec4f(0.0));
}

@compute @workgroup_size(WG, WG)
fn forward_nt_bias(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let o = block8_origin(lid, wid, nwg);
  if (o.y >= params.M) {
    return;
  }
  let last = params.N - 1u;
  let offset = vec4f(bias[min(o.x, last)], bias[min(o.x + 1u, last)], bias[min(o.x + 2u, last)], bias[min(o.x + 3u, last)]);
  store_block8(o.y, o.x, block_nt(o.y, o.x), offset);
}

// First column (x) and row (y) of a 4 x 8 block: workgroups cover 64 columns by 32 rows.
fn block48_origin(lid: vec3u, wid: vec3u, nwg: vec3u) -> vec2u {
  let tile_y = wid.y + wid.z * nwg.y;
  return vec2u((wid.x * WG + lid.x) * 8u, (tile_y * WG + lid.y) * BLOCK);
}

// Rows m0 .. m0 + 3, columns n0 .. n0 + 7 (left half r*, right half s*).
fn store_block48(m0: u32, n0: u32, t: Block8) {
  store_block(m0, n0, t.r0, t.r1, t.r2, t.r3);
  store_block(m0, n0 + 4u, t.r4, t.r5, t.r6, t.r7);
}

// A [M, K] vec4 along k, B [K, N] vec4 along n: 4 rows x 8 columns per invocation; per k step one vec4 of
// each of 4 rows of A and two vec4 of each of 4 rows of B (12 loads per 128 multiply-adds).
@compute @workgroup_size(WG, WG)
fn backward_nn(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let o = block48_origin(lid, wid, nwg);
  let p = params;
  if (o.y >= p.M) {
    return;
  }
  let K4 = p.K / 4u;
  let N4 = p.N / 4u;
  let a0 = min(o.y, p.M - 1u) * K4;
  let a1 = min(o.y + 1u, p.M - 1u) * K4;
  let a2 = min(o.y + 2u, p.M - 1u) * K4;
  let a3 = min(o.y + 3u, p.M - 1u) * K4;
  // Left and right vec4 of the 8 columns, clamped separately (N4 may be odd).
  var at_l = min(o.x / 4u, N4 - 1u);
  var at_r = min(o.x / 4u + 1u, N4 - 1u);
  var r0 = vec4f(0.0);
  var r1 = vec4f(0.0);
  var r2 = vec4f(0.0);
  var r3 = vec4f(0.0);
  var s0 = vec4f(0.0);
  var s1 = vec4f(0.0);
  var s2 = vec4f(0.0);
  var s3 = vec4f(0.0);
  for (var k = 0u; k < K4; k++) {
    let x0 = a[a0 + k];
    let x1 = a[a1 + k];
    let x2 = a[a2 + k];
    let x3 = a[a3 + k];
    // k + 0
    let lx = b[at_l];
    let rx = b[at_r];
    at_l += N4;
    at_r += N4;
    r0 = fma(vec4f(x0.x), lx, r0);
    r1 = fma(vec4f(x1.x), lx, r1);
    r2 = fma(vec4f(x2.x), lx, r2);
    r3 = fma(vec4f(x3.x), lx, r3);
    s0 = fma(vec4f(x0.x), rx, s0);
    s1 = fma(vec4f(x1.x), rx, s1);
    s2 = fma(vec4f(x2.x), rx, s2);
    s3 = fma(vec4f(x3.x), rx, s3);
    // k + 1
    let ly = b[at_l];
    let ry = b[at_r];
    at_l += N4;
    at_r += N4;
    r0 = fma(vec4f(x0.y), ly, r0);
    r1 = fma(vec4f(x1.y), ly, r1);
    r2 = fma(vec4f(x2.y), ly, r2);
    r3 = fma(vec4f(x3.y), ly, r3);
    s0 = fma(vec4f(x0.y), ry, s0);
    s1 = fma(vec4f(x1.y), ry, s1);
    s2 = fma(vec4f(x2.y), ry, s2);
    s3 = fma(vec4f(x3.y), ry, s3);
    // k + 2
    let lz = b[at_l];
    let rz = b[at_r];
    at_l += N4;
    at_r += N4;
    r0 = fma(vec4f(x0.z), lz, r0);
    r1 = fma(vec4f(x1.z), lz, r1);
    r2 = fma(vec4f(x2.z), lz, r2);
    r3 = fma(vec4f(x3.z), lz, r3);
    s0 = fma(vec4f(x0.z), rz, s0);
    s1 = fma(vec4f(x1.z), rz, s1);
    s2 = fma(vec4f(x2.z), rz, s2);
    s3 = fma(vec4f(x3.z), rz, s3);
    // k + 3
    let lw = b[at_l];
    let rw = b[at_r];
    at_l += N4;
    at_r += N4;
    r0 = fma(vec4f(x0.w), lw, r0);
    r1 = fma(vec4f(x1.w), lw, r1);
    r2 = fma(vec4f(x2.w), lw, r2);
    r3 = fma(vec4f(x3.w), lw, r3);
    s0 = fma(vec4f(x0.w), rw, s0);
    s1 = fma(vec4f(x1.w), rw, s1);
    s2 = fma(vec4f(x2.w), rw, s2);
    s3 = fma(vec4f(x3.w), rw, s3);
  }
  store_block48(o.y, o.x, Block8(r0, r1, r2, r3, s0, s1, s2, s3));
}

// A [K, M] vec4 along m, B [K, N] vec4 along n: 4 rows x 8 columns per invocation; per k step one vec4 of
// A and two of B, an outer product (3 loads per 32 multiply-adds).
@compute @workgroup_size(WG, WG)
fn backward_tn(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let o = block48_origin(lid, wid, nwg);
  let p = params;
  if (o.y >= p.M) {
    return;
  }
  let M4 = p.M / 4u;
  let N4 = p.N / 4u;
  var at_a = min(o.y / 4u, M4 - 1u);
  var at_l = min(o.x / 4u, N4 - 1u);
  var at_r = min(o.x / 4u + 1u, N4 - 1u);
  var r0 = vec4f(0.0);
  var r1 = vec4f(0.0);
  var r2 = vec4f(0.0);
  var r3 = vec4f(0.0);
  var s0 = vec4f(0.0);
  var s1 = vec4f(0.0);
  var s2 = vec4f(0.0);
  var s3 = vec4f(0.0);
  for (var k = 0u; k < p.K; k++) {
    let x = a[at_a];
    let l = b[at_l];
    let r = b[at_r];
    at_a += M4;
    at_l += N4;
    at_r += N4;
    r0 = fma(vec4f(x.x), l, r0);
    r1 = fma(vec4f(x.y), l, r1);
    r2 = fma(vec4f(x.z), l, r2);
    r3 = fma(vec4f(x.w), l, r3);
    s0 = fma(vec4f(x.x), r, s0);
    s1 = fma(vec4f(x.y), r, s1);
    s2 = fma(vec4f(x.z), r, s2);
    s3 = fma(vec4f(x.w), r, s3);
  }
  store_block48(o.y, o.x, Block8(r0, r1, r2, r3, s0, s1, s2, s3));
}

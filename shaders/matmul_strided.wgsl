// matmul, register-blocked, strided scalar loads: the register-blocked variant's fallback for layers whose
// widths are not multiples of 4 (shaders/matmul.wgsl needs them for vec4 loads), and column sums for dbias.
//
// One strided product serves the forward and both backward matmuls of a linear layer:
//   c[m, n] (=|+=) sum_k A(m, k) * B(n, k)   (+ bias[n] in product_bias; += when params.accumulate)
//   A(m, k) = a[m * sam + k * sak],  B(n, k) = b[n * sbn + k * sbk],  c is row-major [M, N].
// src/nn/ops/matmul.ts maps the linear layer onto it (C = input width, OC = output width, N rows):
//   forward:  A = inp [N, C],  B = weight [OC, C]          -> out [N, OC]     (product or product_bias)
//   dinp:     A = dout [N, OC], B(c, o) = weight[o, c]      -> dinp [N, C]     (product, accumulate)
//   dweight:  A(o, n) = dout[n, o], B(c, n) = inp[n, c]     -> dweight [OC, C] (product, accumulate)
// and column_sums accumulates dbias[o] += sum_n dout[n, o].
//
// Dispatch: workgroups of 8 x 8 invocations; each invocation computes a 4 x 4 block of c, so a workgroup
// covers 32 columns (x) by 32 rows (y). Row tiles beyond 65535 fold into z: tile = wid.y + wid.z * nwg.y.
// column_sums: 64 invocations per workgroup along x, one column each.
//
// What this version changes (compared with workgroup-tiled, shaders/matmul_tiled.wgsl): no shared memory
// and no barriers. Each invocation keeps its 16 accumulators in four named vec4f registers and updates
// them with fma as outer products of a column of A and a row of B, so each k step costs 8 loads for
// 16 multiply-adds. SwiftShader runs invocations as SIMD lanes of a CPU thread: local arrays spill to
// memory there, so plain registers win by several times. Compared with shaders/matmul.wgsl it loads
// scalars at any stride (about 1.5x slower on SwiftShader than vec4 loads).
// Out-of-range rows and columns are clamped for loads (no branch in the inner loop) and masked at stores.

struct Params {
  M: u32,
  N: u32,
  K: u32,
  sam: u32,
  sak: u32,
  sbn: u32,
  sbk: u32,
  // 1: c += product (backward), 0: c = product (forward).
  accumulate: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;
@group(0) @binding(4) var<storage, read> bias: array<f32>;
// column_sums only: shares binding 2 with b, which it does not use.
@group(0) @binding(2) var<storage, read_write> sums: array<f32>;

const WG = 8u;
const BLOCK = 4u;

struct Block {
  r0: vec4f,
  r1: vec4f,
  r2: vec4f,
  r3: vec4f,
}

// First row and column of this invocation's block; rows fold over z for dispatches above 65535 tiles.
fn block_origin(lid: vec3u, wid: vec3u, nwg: vec3u) -> vec2u {
  let tile_y = wid.y + wid.z * nwg.y;
  return vec2u((wid.x * WG + lid.x) * BLOCK, (tile_y * WG + lid.y) * BLOCK);
}

fn block_product(m0: u32, n0: u32) -> Block {
  let p = params;
  // Clamped rows/columns read valid memory; their results are never stored.
  let a0 = min(m0, p.M - 1u) * p.sam;
  let a1 = min(m0 + 1u, p.M - 1u) * p.sam;
  let a2 = min(m0 + 2u, p.M - 1u) * p.sam;
  let a3 = min(m0 + 3u, p.M - 1u) * p.sam;
  let b0 = min(n0, p.N - 1u) * p.sbn;
  let b1 = min(n0 + 1u, p.N - 1u) * p.sbn;
  let b2 = min(n0 + 2u, p.N - 1u) * p.sbn;
  let b3 = min(n0 + 3u, p.N - 1u) * p.sbn;
  var r0 = vec4f(0.0);
  var r1 = vec4f(0.0);
  var r2 = vec4f(0.0);
  var r3 = vec4f(0.0);
  var ka = 0u;
  var kb = 0u;
  for (var k = 0u; k < p.K; k++) {
    let bk = vec4f(b[b0 + kb], b[b1 + kb], b[b2 + kb], b[b3 + kb]);
    r0 = fma(vec4f(a[a0 + ka]), bk, r0);
    r1 = fma(vec4f(a[a1 + ka]), bk, r1);
    r2 = fma(vec4f(a[a2 + ka]), bk, r2);
    r3 = fma(vec4f(a[a3 + ka]), bk, r3);
    ka += p.sak;
    kb += p.sbk;
  }
  return Block(r0, r1, r2, r3);
}

// Writes (or adds, when accumulate) one row of a block, masking columns past N.
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

fn store_block(m0: u32, n0: u32, t: Block, offset: vec4f) {
  store_row(m0, n0, t.r0 + offset);
  store_row(m0 + 1u, n0, t.r1 + offset);
  store_row(m0 + 2u, n0, t.r2 + offset);
  store_row(m0 + 3u, n0, t.r3 + offset);
}

@compute @workgroup_size(WG, WG)
fn product(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let o = block_origin(lid, wid, nwg);
  if (o.y >= params.M) {
    return;
  }
  store_block(o.y, o.x, block_product(o.y, o.x), vec4f(0.0));
}

@compute @workgroup_size(WG, WG)
fn product_bias(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let o = block_origin(lid, wid, nwg);
  if (o.y >= params.M) {
    return;
  }
  let last = params.N - 1u;
  let offset = vec4f(bias[min(o.x, last)], bias[min(o.x + 1u, last)], bias[min(o.x + 2u, last)], bias[min(o.x + 3u, last)]);
  store_block(o.y, o.x, block_product(o.y, o.x), offset);
}

// sums[n] += sum over m of a[m * sam + n * sak] (dbias += column sums of dout, with sam = OC, sak = 1).
@compute @workgroup_size(64)
fn column_sums(@builtin(global_invocation_id) gid: vec3u) {
  let n = gid.x;
  if (n >= params.N) {
    return;
  }
  var total = 0.0;
  var at = n * params.sak;
  for (var m = 0u; m < params.M; m++) {
    total += a[at];
    at += params.sam;
  }
  sums[n] += total;
}

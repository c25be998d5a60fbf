// matmul, variant "workgroup-tiled": the one that real GPUs run fastest.
//
// The same strided product as shaders/matmul.wgsl (see its header for how a linear layer maps onto it):
//   c[m, n] (=|+=) sum_k A(m, k) * B(n, k)   (+ bias[n] in forward_bias)
//   A(m, k) = a[m * sam + k * sak],  B(n, k) = b[n * sbn + k * sbk],  c is row-major [M, N].
// Column sums (dbias) use column_sums from shaders/matmul.wgsl in both variants.
//
// Dispatch: workgroups of 16 x 16 invocations, each workgroup computes a 64 x 64 tile of c (x: columns,
// y: rows); each invocation computes a 4 x 4 block. Row tiles beyond 65535 fold into z.
//
// What this variant changes (compared with register-blocked): the workgroup first stages a 64 x 16 slice
// of A and of B in workgroup memory (each invocation loads 4 + 4 values, zero past the edges), then every
// invocation reads its operands from there. Global memory traffic falls by 16x per output, at the price of
// two barriers per 16-wide k step: cheap on a GPU, costly on SwiftShader (about 6x slower there).

struct Params {
  M: u32,
  N: u32,
  K: u32,
  sam: u32,
  sak: u32,
  sbn: u32,
  sbk: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;
@group(0) @binding(4) var<storage, read> bias: array<f32>;

const WG = 16u;
const TILE = 64u;
const TK = 16u;
const BLOCK = 4u;

// k-major so that an invocation's 4 rows (or columns) at one k are adjacent.
var<workgroup> tile_a: array<f32, 1024>; // [TK][TILE]
var<workgroup> tile_b: array<f32, 1024>; // [TK][TILE]

struct Block {
  r0: vec4f,
  r1: vec4f,
  r2: vec4f,
  r3: vec4f,
}

fn tile_product(lid: vec3u, m_tile: u32, n_tile: u32) -> Block {
  let p = params;
  let flat = lid.y * WG + lid.x;
  var r0 = vec4f(0.0);
  var r1 = vec4f(0.0);
  var r2 = vec4f(0.0);
  var r3 = vec4f(0.0);
  for (var k0 = 0u; k0 < p.K; k0 += TK) {
    // 1024 values per operand, 256 invocations: 4 each. Index e = (row in tile) * TK + k, so that
    // neighbouring invocations read neighbouring k (contiguous when the k stride is 1).
    for (var i = 0u; i < 4u; i++) {
      let e = flat + i * WG * WG;
      let row = e / TK;
      let k = k0 + e % TK;
      let m = m_tile + row;
      let n = n_tile + row;
      var va = 0.0;
      var vb = 0.0;
      if (m < p.M && k < p.K) {
        va = a[m * p.sam + k * p.sak];
      }
      if (n < p.N && k < p.K) {
        vb = b[n * p.sbn + k * p.sbk];
      }
      tile_a[(e % TK) * TILE + row] = va;
      tile_b[(e % TK) * TILE + row] = vb;
    }
    workgroupBarrier();
    let am = lid.y * BLOCK;
    let bn = lid.x * BLOCK;
    for (var k = 0u; k < TK; k++) {
      let at = k * TILE + am;
      let bt = k * TILE + bn;
      let bk = vec4f(tile_b[bt], tile_b[bt + 1u], tile_b[bt + 2u], tile_b[bt + 3u]);
      r0 = fma(vec4f(tile_a[at]), bk, r0);
      r1 = fma(vec4f(tile_a[at + 1u]), bk, r1);
      r2 = fma(vec4f(tile_a[at + 2u]), bk, r2);
      r3 = fma(vec4f(tile_a[at + 3u]), bk, r3);
    }
    workgroupBarrier();
  }
  return Block(r0, r1, r2, r3);
}

fn store_row(m: u32, n0: u32, v: vec4f, accumulate: bool) {
  if (m >= params.M) {
    return;
  }
  let row = m * params.N;
  for (var j = 0u; j < BLOCK; j++) {
    let n = n0 + j;
    if (n < params.N) {
      if (accumulate) {
        c[row + n] += v[j];
      } else {
        c[row + n] = v[j];
      }
    }
  }
}

fn store_block(m0: u32, n0: u32, t: Block, offset: vec4f, accumulate: bool) {
  store_row(m0, n0, t.r0 + offset, accumulate);
  store_row(m0 + 1u, n0, t.r1 + offset, accumulate);
  store_row(m0 + 2u, n0, t.r2 + offset, accumulate);
  store_row(m0 + 3u, n0, t.r3 + offset, accumulate);
}

fn tile_rows(wid: vec3u, nwg: vec3u) -> u32 {
  return (wid.y + wid.z * nwg.y) * TILE;
}

@compute @workgroup_size(WG, WG)
fn forward(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let m_tile = tile_rows(wid, nwg);
  if (m_tile >= params.M) {
    return;
  }
  let t = tile_product(lid, m_tile, wid.x * TILE);
  store_block(m_tile + lid.y * BLOCK, wid.x * TILE + lid.x * BLOCK, t, vec4f(0.0), false);
}

@compute @workgroup_size(WG, WG)
fn forward_bias(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let m_tile = tile_rows(wid, nwg);
  if (m_tile >= params.M) {
    return;
  }
  let t = tile_product(lid, m_tile, wid.x * TILE);
  let n0 = wid.x * TILE + lid.x * BLOCK;
  let last = params.N - 1u;
  let offset = vec4f(bias[min(n0, last)], bias[min(n0 + 1u, last)], bias[min(n0 + 2u, last)], bias[min(n0 + 3u, last)]);
  store_block(m_tile + lid.y * BLOCK, n0, t, offset, false);
}

@compute @workgroup_size(WG, WG)
fn accumulate(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let m_tile = tile_rows(wid, nwg);
  if (m_tile >= params.M) {
    return;
  }
  let t = tile_product(lid, m_tile, wid.x * TILE);
  store_block(m_tile + lid.y * BLOCK, wid.x * TILE + lid.x * BLOCK, t, vec4f(0.0), true);
}

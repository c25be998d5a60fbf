// matmul, variant "workgroup-tiled": the one that real GPUs run fastest.
//
// The same strided product as shaders/matmul_strided.wgsl (see its header for how a linear layer maps onto it):
//   c[m, n] (=|+=) sum_k A(m, k) * B(n, k)   (+ bias[n] in product_bias; += when params.accumulate)
//   A(m, k) = a[m * sam + k * sak],  B(n, k) = b[n * sbn + k * sbk],  c is row-major [M, N].
// Column sums (dbias) use column_sums from shaders/matmul_strided.wgsl in both variants.
//
// Dispatch: workgroups of 8 x 8 invocations, each workgroup computes a 32 x 32 tile of c (x: columns,
// y: rows); each invocation computes a 4 x 4 block. Row tiles beyond 65535 fold into z.
//
// What this variant changes (compared with register-blocked): the workgroup first stages a 32 x 8 slice
// of A and of B in workgroup memory (each invocation one vec4 of each: 4 consecutive rows at one k, zero
// past the edges), then every invocation reads its operands from there. Global memory traffic per output
// falls 8x, at the price of two barriers per 8-wide k step: cheap on a GPU, costly on SwiftShader.
// Tiles stay small on purpose: SwiftShader's compile time grows with workgroup memory (16 KiB of tiles
// took about 3 s to compile per entry point there; these 2 KiB take a fraction of that).

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

const WG = 8u;
const TILE = 32u;
const TK = 8u;
const BLOCK = 4u;

// [TILE / 4][TK]: element q * TK + k holds rows (or columns) 4q .. 4q + 3 at k.
var<workgroup> tile_a: array<vec4f, 64>;
var<workgroup> tile_b: array<vec4f, 64>;

struct Block {
  r0: vec4f,
  r1: vec4f,
  r2: vec4f,
  r3: vec4f,
}

fn load_a(m: u32, k: u32) -> f32 {
  if (m < params.M && k < params.K) {
    return a[m * params.sam + k * params.sak];
  }
  return 0.0;
}

fn load_b(n: u32, k: u32) -> f32 {
  if (n < params.N && k < params.K) {
    return b[n * params.sbn + k * params.sbk];
  }
  return 0.0;
}

fn tile_product(lid: vec3u, m_tile: u32, n_tile: u32) -> Block {
  let p = params;
  let flat = lid.y * WG + lid.x;
  // This invocation stages 4 consecutive rows (and columns) at one k: k = flat % TK, rows 4 * (flat / TK).
  let stage_k = flat % TK;
  let stage_row = (flat / TK) * BLOCK;
  var r0 = vec4f(0.0);
  var r1 = vec4f(0.0);
  var r2 = vec4f(0.0);
  var r3 = vec4f(0.0);
  for (var k0 = 0u; k0 < p.K; k0 += TK) {
    let k = k0 + stage_k;
    let m = m_tile + stage_row;
    let n = n_tile + stage_row;
    tile_a[flat] = vec4f(load_a(m, k), load_a(m + 1u, k), load_a(m + 2u, k), load_a(m + 3u, k));
    tile_b[flat] = vec4f(load_b(n, k), load_b(n + 1u, k), load_b(n + 2u, k), load_b(n + 3u, k));
    workgroupBarrier();
    for (var kk = 0u; kk < min(TK, p.K - k0); kk++) {
      let av = tile_a[kk + lid.y * TK];
      let bv = tile_b[kk + lid.x * TK];
      r0 = fma(vec4f(av.x), bv, r0);
      r1 = fma(vec4f(av.y), bv, r1);
      r2 = fma(vec4f(av.z), bv, r2);
      r3 = fma(vec4f(av.w), bv, r3);
    }
    workgroupBarrier();
  }
  return Block(r0, r1, r2, r3);
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

fn store_block(m0: u32, n0: u32, t: Block, offset: vec4f) {
  store_row(m0, n0, t.r0 + offset);
  store_row(m0 + 1u, n0, t.r1 + offset);
  store_row(m0 + 2u, n0, t.r2 + offset);
  store_row(m0 + 3u, n0, t.r3 + offset);
}

fn tile_rows(wid: vec3u, nwg: vec3u) -> u32 {
  return (wid.y + wid.z * nwg.y) * TILE;
}

@compute @workgroup_size(WG, WG)
fn product(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let m_tile = tile_rows(wid, nwg);
  if (m_tile >= params.M) {
    return;
  }
  let t = tile_product(lid, m_tile, wid.x * TILE);
  store_block(m_tile + lid.y * BLOCK, wid.x * TILE + lid.x * BLOCK, t, vec4f(0.0));
}

@compute @workgroup_size(WG, WG)
fn product_bias(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let m_tile = tile_rows(wid, nwg);
  if (m_tile >= params.M) {
    return;
  }
  let t = tile_product(lid, m_tile, wid.x * TILE);
  let n0 = wid.x * TILE + lid.x * BLOCK;
  let last = params.N - 1u;
  let offset = vec4f(bias[min(n0, last)], bias[min(n0 + 1u, last)], bias[min(n0 + 2u, last)], bias[min(n0 + 3u, last)]);
  store_block(m_tile + lid.y * BLOCK, n0, t, offset);
}

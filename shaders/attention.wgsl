// Causal multi-head self-attention (llm.c attention_forward / attention_backward), as small batched products
// plus row softmaxes.
// Shapes: qkv, dqkv [B, T, 3C] (q, k, v blocks of C = NH heads x hs channels); out, dout [B, T, C];
//         preatt, att, dpreatt, datt [B, NH, T, T] (row (b, h, t) holds query t's scores; only t2 <= t is used).
// The op wrappers (src/nn/ops/attention.ts) record, per (b, h) batch:
//   forward:  preatt = scale q k^T (t2 <= t only)   [attention_product, mode 1]
//             att = causal softmax(preatt) over the query's own sequence, zeros elsewhere   [attention_softmax]
//             out = att v   [attention_product, mode 2]
//   backward (accumulating, like the twin):
//             datt += dout v^T (t2 <= t)   [product, mode 1]
//             dpreatt[t3] += att[t3] (datt[t3] - sum_t2 att[t2] datt[t2])   [attention_softmax_backward]
//             dq += scale dpreatt k   [mode 2];  dk += scale dpreatt^T q   [mode 3];  dv += att^T dout   [mode 3]
//
// attention_product: for each batch (b, h) and each m < M, n < N:
//   out[m, n] = (accumulate ? out[m, n] : 0) + alpha * sum_k A[m, k] B[k, n]
//   mode 0: k < K;  mode 1: k < K, and only n <= m is written;  mode 2: k <= m;  mode 3: m <= k < K.
//   Every operand is addressed by strides: A[m, k] = a[a_offset + b a_batch + h a_head + m a_m + k a_k], etc.
//   Dispatch: one invocation per 4x4 output block per batch (64 per workgroup, folded 2-D grid). Each keeps its
//   sixteen sums in four vec4f registers and loads 4 + 4 operands per step of k: a quarter of a dot-product
//   formulation's loads, which bound the speed on SwiftShader. Every output element has one writer.
// attention_product_vec4: the same product when A and B are both contiguous along k (q k^T and dout v^T, with
//   head sizes and offsets multiples of 4): operands are read as vec4f, four k steps per load, so a 4x4 block
//   costs 8 loads per 64 fma instead of 32. Its A and B strides and offsets are in vec4 units; only modes 0 and 1.
// attention_product_bvec4: the same product (any mode) when B is contiguous along n in whole vec4s (att v,
//   dpreatt k, dpreatt^T q, att^T dout with head sizes that are multiples of 4): one vec4 load gives B's four
//   columns, 5 loads per 16 fma instead of 8. Its B strides and offset are in vec4 units.
// attention_product_kvec4 (mode 2): A contiguous along k and B along n, K and M multiples of 4 (att v and
//   dpreatt k with T and hs multiples of 4): per four k, 4 vec4 loads of A rows and 4 of B rows feed 64 fma
//   (the scalar-A kernel needs 20 loads for those). The block on the diagonal is masked per component.
// attention_product_mvec4 (mode 3): A contiguous along m (a transposed score matrix) and B along n, M a multiple
//   of 4 (dpreatt^T q, att^T dout): per k one vec4 of A (four rows) and one of B feed 16 fma.
//   Both: A's and B's strides and offsets in vec4 units, every block whole (no bounds checks on the stores).
// attention_product_vec4_blocks: attention_product_vec4 (modes 0 and 1) for M and N multiples of 4: no bounds
//   checks, whole-row stores below the diagonal, a masked store only on the diagonal block. Square causal
//   products dispatch only the lower triangle of blocks (bm (bm + 1) / 2 + bn per batch), not twice as many.
// attention_softmax4, attention_softmax_backward4: the same with vec4f loads and stores when T is a multiple of 4
//   (rows start on whole vec4s); the vec4 that holds the diagonal is masked per component.
// attention_softmax, attention_softmax_backward: one invocation per score row (b, h, t), linear index
//   (b NH + h) T + t, 64 per workgroup, folded 2-D grid.
// Packed rows: the softmax reads each token's position in its own sequence (positions [B, T]) and gives keys
//   before that sequence's start probability 0; the products still compute those scores (a few wasted fma),
//   and the backward needs no mask, since att = 0 there zeroes every gradient that flows through them.

struct ProductParams {
  M: u32, N: u32, K: u32, NH: u32, batches: u32, blocks_n: u32, mode: u32, accumulate: u32, alpha: f32,
  a_offset: u32, a_batch: u32, a_head: u32, a_m: u32, a_k: u32,
  b_offset: u32, b_batch: u32, b_head: u32, b_k: u32, b_n: u32,
  o_offset: u32, o_batch: u32, o_head: u32, o_m: u32, o_n: u32,
}
struct RowParams { rows: u32, T: u32, NH: u32 }

// attention_product bindings
@group(0) @binding(0) var<uniform> params: ProductParams;
@group(0) @binding(1) var<storage, read_write> product_out: array<f32>;
@group(0) @binding(2) var<storage, read> product_a: array<f32>;
@group(0) @binding(3) var<storage, read> product_b: array<f32>;

// attention_product_vec4 bindings (binding 1 is product_out)
@group(0) @binding(2) var<storage, read> product_a4: array<vec4f>;
@group(0) @binding(3) var<storage, read> product_b4: array<vec4f>;

// attention_softmax bindings
@group(0) @binding(0) var<uniform> row_params: RowParams;
@group(0) @binding(1) var<storage, read_write> att: array<f32>;
@group(0) @binding(2) var<storage, read> preatt: array<f32>;
@group(0) @binding(3) var<storage, read> row_positions: array<i32>; // [B, T], see first_key

// attention_softmax_backward bindings
@group(0) @binding(0) var<uniform> grad_params: RowParams;
@group(0) @binding(1) var<storage, read_write> dpreatt: array<f32>;
@group(0) @binding(2) var<storage, read> datt: array<f32>;
@group(0) @binding(3) var<storage, read> att_b: array<f32>;

// vec4 views of the row kernels' bindings (same slots)
@group(0) @binding(1) var<storage, read_write> att4: array<vec4f>;
@group(0) @binding(2) var<storage, read> preatt4: array<vec4f>;
@group(0) @binding(1) var<storage, read_write> dpreatt4: array<vec4f>;
@group(0) @binding(2) var<storage, read> datt4: array<vec4f>;
@group(0) @binding(3) var<storage, read> att_b4: array<vec4f>;

const WG: u32 = 64u;

fn linear_index(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * WG;
}

// A[m, k] of the current batch, 0 outside the matrix or outside the mode's reduction range.
fn load_a(base: u32, m: u32, k: u32) -> f32 {
  var valid = m < params.M && k < params.K;
  if (params.mode == 2u) { valid = valid && k <= m; }
  if (params.mode == 3u) { valid = valid && k >= m; }
  let index = select(0u, base + m * params.a_m + k * params.a_k, valid);
  return select(0.0, product_a[index], valid);
}

fn load_b(base: u32, k: u32, n: u32) -> f32 {
  let valid = k < params.K && n < params.N;
  let index = select(0u, base + k * params.b_k + n * params.b_n, valid);
  return select(0.0, product_b[index], valid);
}

fn store(base: u32, m: u32, n: u32, value: f32) {
  if (m >= params.M || n >= params.N) { return; }
  if (params.mode == 1u && n > m) { return; }
  let index = base + m * params.o_m + n * params.o_n;
  if (params.accumulate != 0u) {
    product_out[index] = fma(params.alpha, value, product_out[index]);
  } else {
    product_out[index] = params.alpha * value;
  }
}

fn store_row(base: u32, m: u32, n0: u32, sums: vec4f) {
  store(base, m, n0, sums.x);
  store(base, m, n0 + 1u, sums.y);
  store(base, m, n0 + 2u, sums.z);
  store(base, m, n0 + 3u, sums.w);
}

@compute @workgroup_size(WG)
fn attention_product(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let index = linear_index(gid, nwg);
  let blocks_m = (params.M + 3u) / 4u;
  let blocks_per_batch = blocks_m * params.blocks_n;
  if (index >= params.batches * blocks_per_batch) { return; }
  let batch = index / blocks_per_batch;
  let block = index % blocks_per_batch;
  let m0 = (block / params.blocks_n) * 4u;
  let n0 = (block % params.blocks_n) * 4u;
  if (params.mode == 1u && n0 > m0 + 3u) { return; } // entirely above the diagonal
  let b = batch / params.NH;
  let h = batch % params.NH;
  let a_base = params.a_offset + b * params.a_batch + h * params.a_head;
  let b_base = params.b_offset + b * params.b_batch + h * params.b_head;
  let o_base = params.o_offset + b * params.o_batch + h * params.o_head;

  var k_begin = 0u;
  var k_end = params.K;
  if (params.mode == 2u) { k_end = min(params.K, m0 + 4u); }
  if (params.mode == 3u) { k_begin = m0; }
  var row0 = vec4f(0.0);
  var row1 = vec4f(0.0);
  var row2 = vec4f(0.0);
  var row3 = vec4f(0.0);
  for (var k = k_begin; k < k_end; k++) {
    let bk = vec4f(load_b(b_base, k, n0), load_b(b_base, k, n0 + 1u), load_b(b_base, k, n0 + 2u), load_b(b_base, k, n0 + 3u));
    row0 = fma(vec4f(load_a(a_base, m0, k)), bk, row0);
    row1 = fma(vec4f(load_a(a_base, m0 + 1u, k)), bk, row1);
    row2 = fma(vec4f(load_a(a_base, m0 + 2u, k)), bk, row2);
    row3 = fma(vec4f(load_a(a_base, m0 + 3u, k)), bk, row3);
  }
  store_row(o_base, m0, n0, row0);
  store_row(o_base, m0 + 1u, n0, row1);
  store_row(o_base, m0 + 2u, n0, row2);
  store_row(o_base, m0 + 3u, n0, row3);
}

// Four consecutive k of A's row m (B's column n), or zeros outside the matrix. base and k are in vec4 units.
fn load_a4(base: u32, m: u32, k4: u32) -> vec4f {
  let valid = m < params.M;
  return select(vec4f(0.0), product_a4[select(0u, base + m * params.a_m + k4, valid)], valid);
}

fn load_b4(base: u32, k4: u32, n: u32) -> vec4f {
  let valid = n < params.N;
  return select(vec4f(0.0), product_b4[select(0u, base + n * params.b_n + k4, valid)], valid);
}

@compute @workgroup_size(WG)
fn attention_product_vec4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let index = linear_index(gid, nwg);
  let blocks_m = (params.M + 3u) / 4u;
  let blocks_per_batch = blocks_m * params.blocks_n;
  if (index >= params.batches * blocks_per_batch) { return; }
  let batch = index / blocks_per_batch;
  let block = index % blocks_per_batch;
  let m0 = (block / params.blocks_n) * 4u;
  let n0 = (block % params.blocks_n) * 4u;
  if (params.mode == 1u && n0 > m0 + 3u) { return; } // entirely above the diagonal
  let b = batch / params.NH;
  let h = batch % params.NH;
  let a_base = params.a_offset + b * params.a_batch + h * params.a_head;
  let b_base = params.b_offset + b * params.b_batch + h * params.b_head;
  let o_base = params.o_offset + b * params.o_batch + h * params.o_head;

  var row0 = vec4f(0.0);
  var row1 = vec4f(0.0);
  var row2 = vec4f(0.0);
  var row3 = vec4f(0.0);
  for (var k4 = 0u; k4 < params.K / 4u; k4++) {
    let b0 = load_b4(b_base, k4, n0);
    let b1 = load_b4(b_base, k4, n0 + 1u);
    let b2 = load_b4(b_base, k4, n0 + 2u);
    let b3 = load_b4(b_base, k4, n0 + 3u);
    let a0 = load_a4(a_base, m0, k4);
    let a1 = load_a4(a_base, m0 + 1u, k4);
    let a2 = load_a4(a_base, m0 + 2u, k4);
    let a3 = load_a4(a_base, m0 + 3u, k4);
    row0 += vec4f(dot(a0, b0), dot(a0, b1), dot(a0, b2), dot(a0, b3));
    row1 += vec4f(dot(a1, b0), dot(a1, b1), dot(a1, b2), dot(a1, b3));
    row2 += vec4f(dot(a2, b0), dot(a2, b1), dot(a2, b2), dot(a2, b3));
    row3 += vec4f(dot(a3, b0), dot(a3, b1), dot(a3, b2), dot(a3, b3));
  }
  store_row(o_base, m0, n0, row0);
  store_row(o_base, m0 + 1u, n0, row1);
  store_row(o_base, m0 + 2u, n0, row2);
  store_row(o_base, m0 + 3u, n0, row3);
}

@compute @workgroup_size(WG)
fn attention_product_bvec4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let index = linear_index(gid, nwg);
  let blocks_m = (params.M + 3u) / 4u;
  let blocks_per_batch = blocks_m * params.blocks_n;
  if (index >= params.batches * blocks_per_batch) { return; }
  let batch = index / blocks_per_batch;
  let block = index % blocks_per_batch;
  let m0 = (block / params.blocks_n) * 4u;
  let n0 = (block % params.blocks_n) * 4u;
  if (params.mode == 1u && n0 > m0 + 3u) { return; } // entirely above the diagonal
  let b = batch / params.NH;
  let h = batch % params.NH;
  let a_base = params.a_offset + b * params.a_batch + h * params.a_head;
  let b_column = params.b_offset + b * params.b_batch + h * params.b_head + n0 / 4u; // N is a multiple of 4
  let o_base = params.o_offset + b * params.o_batch + h * params.o_head;

  var k_begin = 0u;
  var k_end = params.K;
  if (params.mode == 2u) { k_end = min(params.K, m0 + 4u); }
  if (params.mode == 3u) { k_begin = m0; }
  var row0 = vec4f(0.0);
  var row1 = vec4f(0.0);
  var row2 = vec4f(0.0);
  var row3 = vec4f(0.0);
  for (var k = k_begin; k < k_end; k++) {
    let bk = product_b4[b_column + k * params.b_k];
    row0 = fma(vec4f(load_a(a_base, m0, k)), bk, row0);
    row1 = fma(vec4f(load_a(a_base, m0 + 1u, k)), bk, row1);
    row2 = fma(vec4f(load_a(a_base, m0 + 2u, k)), bk, row2);
    row3 = fma(vec4f(load_a(a_base, m0 + 3u, k)), bk, row3);
  }
  store_row(o_base, m0, n0, row0);
  store_row(o_base, m0 + 1u, n0, row1);
  store_row(o_base, m0 + 2u, n0, row2);
  store_row(o_base, m0 + 3u, n0, row3);
}

// Stores a whole in-bounds 4x4 block (the kvec4 / mvec4 kernels only run on shapes made of whole blocks).
fn store_block(base: u32, m0: u32, n0: u32, row0: vec4f, row1: vec4f, row2: vec4f, row3: vec4f) {
  let i0 = base + m0 * params.o_m + n0 * params.o_n;
  let i1 = i0 + params.o_m;
  let i2 = i1 + params.o_m;
  let i3 = i2 + params.o_m;
  let s = params.o_n;
  let alpha = params.alpha;
  if (params.accumulate != 0u) {
    product_out[i0] = fma(alpha, row0.x, product_out[i0]);
    product_out[i0 + s] = fma(alpha, row0.y, product_out[i0 + s]);
    product_out[i0 + 2u * s] = fma(alpha, row0.z, product_out[i0 + 2u * s]);
    product_out[i0 + 3u * s] = fma(alpha, row0.w, product_out[i0 + 3u * s]);
    product_out[i1] = fma(alpha, row1.x, product_out[i1]);
    product_out[i1 + s] = fma(alpha, row1.y, product_out[i1 + s]);
    product_out[i1 + 2u * s] = fma(alpha, row1.z, product_out[i1 + 2u * s]);
    product_out[i1 + 3u * s] = fma(alpha, row1.w, product_out[i1 + 3u * s]);
    product_out[i2] = fma(alpha, row2.x, product_out[i2]);
    product_out[i2 + s] = fma(alpha, row2.y, product_out[i2 + s]);
    product_out[i2 + 2u * s] = fma(alpha, row2.z, product_out[i2 + 2u * s]);
    product_out[i2 + 3u * s] = fma(alpha, row2.w, product_out[i2 + 3u * s]);
    product_out[i3] = fma(alpha, row3.x, product_out[i3]);
    product_out[i3 + s] = fma(alpha, row3.y, product_out[i3 + s]);
    product_out[i3 + 2u * s] = fma(alpha, row3.z, product_out[i3 + 2u * s]);
    product_out[i3 + 3u * s] = fma(alpha, row3.w, product_out[i3 + 3u * s]);
  } else {
    product_out[i0] = alpha * row0.x;
    product_out[i0 + s] = alpha * row0.y;
    product_out[i0 + 2u * s] = alpha * row0.z;
    product_out[i0 + 3u * s] = alpha * row0.w;
    product_out[i1] = alpha * row1.x;
    product_out[i1 + s] = alpha * row1.y;
    product_out[i1 + 2u * s] = alpha * row1.z;
    product_out[i1 + 3u * s] = alpha * row1.w;
    product_out[i2] = alpha * row2.x;
    product_out[i2 + s] = alpha * row2.y;
    product_out[i2 + 2u * s] = alpha * row2.z;
    product_out[i2 + 3u * s] = alpha * row2.w;
    product_out[i3] = alpha * row3.x;
    product_out[i3 + s] = alpha * row3.y;
    product_out[i3 + 2u * s] = alpha * row3.z;
    product_out[i3 + 3u * s] = alpha * row3.w;
  }
}

// The diagonal block of mode 1: only n <= m is written.
fn store_lower(base: u32, m0: u32, row0: vec4f, row1: vec4f, row2: vec4f, row3: vec4f) {
  let i0 = base + m0 * params.o_m + m0 * params.o_n;
  let i1 = i0 + params.o_m;
  let i2 = i1 + params.o_m;
  let i3 = i2 + params.o_m;
  let s = params.o_n;
  let alpha = params.alpha;
  if (params.accumulate != 0u) {
    product_out[i0] = fma(alpha, row0.x, product_out[i0]);
    product_out[i1] = fma(alpha, row1.x, product_out[i1]);
    product_out[i1 + s] = fma(alpha, row1.y, product_out[i1 + s]);
    product_out[i2] = fma(alpha, row2.x, product_out[i2]);
    product_out[i2 + s] = fma(alpha, row2.y, product_out[i2 + s]);
    product_out[i2 + 2u * s] = fma(alpha, row2.z, product_out[i2 + 2u * s]);
    product_out[i3] = fma(alpha, row3.x, product_out[i3]);
    product_out[i3 + s] = fma(alpha, row3.y, product_out[i3 + s]);
    product_out[i3 + 2u * s] = fma(alpha, row3.z, product_out[i3 + 2u * s]);
    product_out[i3 + 3u * s] = fma(alpha, row3.w, product_out[i3 + 3u * s]);
  } else {
    product_out[i0] = alpha * row0.x;
    product_out[i1] = alpha * row1.x;
    product_out[i1 + s] = alpha * row1.y;
    product_out[i2] = alpha * row2.x;
    product_out[i2 + s] = alpha * row2.y;
    product_out[i2 + 2u * s] = alpha * row2.z;
    product_out[i3] = alpha * row3.x;
    product_out[i3 + s] = alpha * row3.y;
    product_out[i3 + 2u * s] = alpha * row3.z;
    product_out[i3 + 3u * s] = alpha * row3.w;
  }
}

@compute @workgroup_size(WG)
fn attention_product_vec4_blocks(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let index = linear_index(gid, nwg);
  let blocks_m = params.M / 4u;
  let causal = params.mode == 1u;
  var batch = 0u;
  var m0 = 0u;
  var n0 = 0u;
  if (causal && params.M == params.N) {
    // Square causal scores: only the blocks on or below the diagonal get an invocation (row r holds r + 1).
    let blocks_per_batch = blocks_m * (blocks_m + 1u) / 2u;
    if (index >= params.batches * blocks_per_batch) { return; }
    batch = index / blocks_per_batch;
    let block = index % blocks_per_batch;
    var r = u32((sqrt(8.0 * f32(block) + 1.0) - 1.0) * 0.5);
    if (r * (r + 1u) / 2u > block) { r -= 1u; } // f32 rounding, either way
    if ((r + 1u) * (r + 2u) / 2u <= block) { r += 1u; }
    m0 = r * 4u;
    n0 = (block - r * (r + 1u) / 2u) * 4u;
  } else {
    let blocks_per_batch = blocks_m * params.blocks_n;
    if (index >= params.batches * blocks_per_batch) { return; }
    batch = index / blocks_per_batch;
    let block = index % blocks_per_batch;
    m0 = (block / params.blocks_n) * 4u;
    n0 = (block % params.blocks_n) * 4u;
    if (causal && n0 > m0) { return; } // entirely above the diagonal
  }
  let b = batch / params.NH;
  let h = batch % params.NH;
  let a_m = params.a_m;
  let b_n = params.b_n;
  let a0_at = params.a_offset + b * params.a_batch + h * params.a_head + m0 * a_m;
  let b0_at = params.b_offset + b * params.b_batch + h * params.b_head + n0 * b_n;
  let o_base = params.o_offset + b * params.o_batch + h * params.o_head;

  var row0 = vec4f(0.0);
  var row1 = vec4f(0.0);
  var row2 = vec4f(0.0);
  var row3 = vec4f(0.0);
  for (var k4 = 0u; k4 < params.K / 4u; k4++) {
    let b0 = product_b4[b0_at + k4];
    let b1 = product_b4[b0_at + b_n + k4];
    let b2 = product_b4[b0_at + 2u * b_n + k4];
    let b3 = product_b4[b0_at + 3u * b_n + k4];
    let a0 = product_a4[a0_at + k4];
    let a1 = product_a4[a0_at + a_m + k4];
    let a2 = product_a4[a0_at + 2u * a_m + k4];
    let a3 = product_a4[a0_at + 3u * a_m + k4];
    row0 += vec4f(dot(a0, b0), dot(a0, b1), dot(a0, b2), dot(a0, b3));
    row1 += vec4f(dot(a1, b0), dot(a1, b1), dot(a1, b2), dot(a1, b3));
    row2 += vec4f(dot(a2, b0), dot(a2, b1), dot(a2, b2), dot(a2, b3));
    row3 += vec4f(dot(a3, b0), dot(a3, b1), dot(a3, b2), dot(a3, b3));
  }
  if (causal && n0 == m0) {
    store_lower(o_base, m0, row0, row1, row2, row3);
  } else {
    store_block(o_base, m0, n0, row0, row1, row2, row3);
  }
}

@compute @workgroup_size(WG)
fn attention_product_kvec4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let index = linear_index(gid, nwg);
  let blocks_m = params.M / 4u;
  let blocks_per_batch = blocks_m * params.blocks_n;
  if (index >= params.batches * blocks_per_batch) { return; }
  let batch = index / blocks_per_batch;
  let block = index % blocks_per_batch;
  let m0 = (block / params.blocks_n) * 4u;
  let n0 = (block % params.blocks_n) * 4u;
  let b = batch / params.NH;
  let h = batch % params.NH;
  let a_row0 = params.a_offset + b * params.a_batch + h * params.a_head + m0 * params.a_m;
  let a_row1 = a_row0 + params.a_m;
  let a_row2 = a_row1 + params.a_m;
  let a_row3 = a_row2 + params.a_m;
  let b_k = params.b_k;
  var b_at = params.b_offset + b * params.b_batch + h * params.b_head + n0 / 4u;
  let o_base = params.o_offset + b * params.o_batch + h * params.o_head;

  // Mode 2 sums k <= m: whole groups of four k below the block's diagonal, then the diagonal group masked.
  var k4_full = params.K / 4u;
  if (params.mode == 2u) { k4_full = min(k4_full, m0 / 4u); }
  var row0 = vec4f(0.0);
  var row1 = vec4f(0.0);
  var row2 = vec4f(0.0);
  var row3 = vec4f(0.0);
  for (var k4 = 0u; k4 < k4_full; k4++) {
    let b0 = product_b4[b_at];
    let b1 = product_b4[b_at + b_k];
    let b2 = product_b4[b_at + 2u * b_k];
    let b3 = product_b4[b_at + 3u * b_k];
    b_at += 4u * b_k;
    let a0 = product_a4[a_row0 + k4];
    let a1 = product_a4[a_row1 + k4];
    let a2 = product_a4[a_row2 + k4];
    let a3 = product_a4[a_row3 + k4];
    row0 = fma(vec4f(a0.x), b0, fma(vec4f(a0.y), b1, fma(vec4f(a0.z), b2, fma(vec4f(a0.w), b3, row0))));
    row1 = fma(vec4f(a1.x), b0, fma(vec4f(a1.y), b1, fma(vec4f(a1.z), b2, fma(vec4f(a1.w), b3, row1))));
    row2 = fma(vec4f(a2.x), b0, fma(vec4f(a2.y), b1, fma(vec4f(a2.z), b2, fma(vec4f(a2.w), b3, row2))));
    row3 = fma(vec4f(a3.x), b0, fma(vec4f(a3.y), b1, fma(vec4f(a3.z), b2, fma(vec4f(a3.w), b3, row3))));
  }
  if (params.mode == 2u && k4_full * 4u < params.K) {
    // k = m0 + j: row m0 + r takes it when j <= r.
    let k4 = k4_full;
    let b0 = product_b4[b_at];
    let b1 = product_b4[b_at + b_k];
    let b2 = product_b4[b_at + 2u * b_k];
    let b3 = product_b4[b_at + 3u * b_k];
    // Only the components on or below the diagonal are used (those above may hold anything).
    let a0 = product_a4[a_row0 + k4];
    let a1 = product_a4[a_row1 + k4];
    let a2 = product_a4[a_row2 + k4];
    let a3 = product_a4[a_row3 + k4];
    row0 = fma(vec4f(a0.x), b0, row0);
    row1 = fma(vec4f(a1.x), b0, fma(vec4f(a1.y), b1, row1));
    row2 = fma(vec4f(a2.x), b0, fma(vec4f(a2.y), b1, fma(vec4f(a2.z), b2, row2)));
    row3 = fma(vec4f(a3.x), b0, fma(vec4f(a3.y), b1, fma(vec4f(a3.z), b2, fma(vec4f(a3.w), b3, row3))));
  }
  store_block(o_base, m0, n0, row0, row1, row2, row3);
}

@compute @workgroup_size(WG)
fn attention_product_mvec4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let index = linear_index(gid, nwg);
  let blocks_m = params.M / 4u;
  let blocks_per_batch = blocks_m * params.blocks_n;
  if (index >= params.batches * blocks_per_batch) { return; }
  let batch = index / blocks_per_batch;
  let block = index % blocks_per_batch;
  let m0 = (block / params.blocks_n) * 4u;
  let n0 = (block % params.blocks_n) * 4u;
  let b = batch / params.NH;
  let h = batch % params.NH;
  let a_k = params.a_k;
  let b_k = params.b_k;
  // Mode 3 sums k >= m: the block starts at its diagonal.
  let k_begin = select(0u, m0, params.mode == 3u);
  var a_at = params.a_offset + b * params.a_batch + h * params.a_head + m0 / 4u + k_begin * a_k;
  var b_at = params.b_offset + b * params.b_batch + h * params.b_head + n0 / 4u + k_begin * b_k;
  let o_base = params.o_offset + b * params.o_batch + h * params.o_head;

  var row0 = vec4f(0.0);
  var row1 = vec4f(0.0);
  var row2 = vec4f(0.0);
  var row3 = vec4f(0.0);
  var k = k_begin;
  if (params.mode == 3u) {
    // k = m0 + j feeds rows m0 + r with r <= j.
    let bk0 = product_b4[b_at];
    let bk1 = product_b4[b_at + b_k];
    let bk2 = product_b4[b_at + 2u * b_k];
    let bk3 = product_b4[b_at + 3u * b_k];
    let ak0 = product_a4[a_at];
    let ak1 = product_a4[a_at + a_k];
    let ak2 = product_a4[a_at + 2u * a_k];
    let ak3 = product_a4[a_at + 3u * a_k];
    row0 = fma(vec4f(ak0.x), bk0, fma(vec4f(ak1.x), bk1, fma(vec4f(ak2.x), bk2, fma(vec4f(ak3.x), bk3, row0))));
    row1 = fma(vec4f(ak1.y), bk1, fma(vec4f(ak2.y), bk2, fma(vec4f(ak3.y), bk3, row1)));
    row2 = fma(vec4f(ak2.z), bk2, fma(vec4f(ak3.z), bk3, row2));
    row3 = fma(vec4f(ak3.w), bk3, row3);
    k += 4u;
    a_at += 4u * a_k;
    b_at += 4u * b_k;
  }
  for (; k < params.K; k++) {
    let bk = product_b4[b_at];
    let ak = product_a4[a_at];
    a_at += a_k;
    b_at += b_k;
    row0 = fma(vec4f(ak.x), bk, row0);
    row1 = fma(vec4f(ak.y), bk, row1);
    row2 = fma(vec4f(ak.z), bk, row2);
    row3 = fma(vec4f(ak.w), bk, row3);
  }
  store_block(o_base, m0, n0, row0, row1, row2, row3);
}

// First key of query t's own sequence: a row packs several sequences, and positions[token] counts from each start.
fn first_key(index: u32, t: u32) -> u32 {
  let token = (index / (row_params.NH * row_params.T)) * row_params.T + t;
  return t - u32(row_positions[token]);
}

@compute @workgroup_size(WG)
fn attention_softmax(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let index = linear_index(gid, nwg);
  if (index >= row_params.rows) { return; }
  let T = row_params.T;
  let t = index % T;
  let row = index * T;
  let start = first_key(index, t);
  var max_score = preatt[row + start];
  for (var t2 = start + 1u; t2 <= t; t2++) { max_score = max(max_score, preatt[row + t2]); }
  var sum = 0.0;
  for (var t2 = start; t2 <= t; t2++) {
    let e = exp(preatt[row + t2] - max_score);
    att[row + t2] = e;
    sum += e;
  }
  let inverse_sum = 1.0 / sum;
  for (var t2 = 0u; t2 < start; t2++) { att[row + t2] = 0.0; }
  for (var t2 = start; t2 <= t; t2++) { att[row + t2] *= inverse_sum; }
  for (var t2 = t + 1u; t2 < T; t2++) { att[row + t2] = 0.0; }
}

@compute @workgroup_size(WG)
fn attention_softmax_backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let index = linear_index(gid, nwg);
  if (index >= grad_params.rows) { return; }
  let T = grad_params.T;
  let t = index % T;
  let row = index * T;
  var weighted = 0.0; // sum_t2 att[t2] datt[t2]
  for (var t2 = 0u; t2 <= t; t2++) { weighted = fma(att_b[row + t2], datt[row + t2], weighted); }
  for (var t3 = 0u; t3 <= t; t3++) {
    dpreatt[row + t3] += att_b[row + t3] * (datt[row + t3] - weighted);
  }
}

// Lanes of vec4 q of a row that hold keys start..t (q between the vec4s holding them).
fn key_lanes(q: u32, start: u32, t: u32) -> vec4<bool> {
  let lanes = vec4u(0u, 1u, 2u, 3u);
  let low = select(vec4u(0u), vec4u(start % 4u), q == start / 4u);
  let high = select(vec4u(3u), vec4u(t % 4u), q == t / 4u);
  return (lanes >= low) & (lanes <= high);
}

@compute @workgroup_size(WG)
fn attention_softmax4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let index = linear_index(gid, nwg);
  if (index >= row_params.rows) { return; }
  let T4 = row_params.T / 4u;
  let t = index % row_params.T;
  let row = index * T4;
  let start = first_key(index, t);
  let first = start / 4u; // the vec4 holding the sequence's first key
  let last = t / 4u; // the vec4 holding the diagonal
  let lowest = vec4f(-3.0e38);
  var max4 = lowest;
  for (var q = first; q <= last; q++) { max4 = max(max4, select(lowest, preatt4[row + q], key_lanes(q, start, t))); }
  let max_score = max(max(max4.x, max4.y), max(max4.z, max4.w));
  var sum4 = vec4f(0.0);
  for (var q = first; q <= last; q++) {
    let e = select(vec4f(0.0), exp(preatt4[row + q] - max_score), key_lanes(q, start, t));
    att4[row + q] = e;
    sum4 += e;
  }
  let inverse_sum = 1.0 / ((sum4.x + sum4.y) + (sum4.z + sum4.w));
  for (var q = 0u; q < first; q++) { att4[row + q] = vec4f(0.0); }
  for (var q = first; q <= last; q++) { att4[row + q] *= inverse_sum; }
  for (var q = last + 1u; q < T4; q++) { att4[row + q] = vec4f(0.0); }
}

@compute @workgroup_size(WG)
fn attention_softmax_backward4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let index = linear_index(gid, nwg);
  if (index >= grad_params.rows) { return; }
  let t = index % grad_params.T;
  let row = index * (grad_params.T / 4u);
  let last = t / 4u;
  let valid = vec4u(0u, 1u, 2u, 3u) <= vec4u(t % 4u);
  let att_last = select(vec4f(0.0), att_b4[row + last], valid);
  let datt_last = select(vec4f(0.0), datt4[row + last], valid);
  var weighted4 = att_last * datt_last; // sum_t2 att[t2] datt[t2]
  for (var q = 0u; q < last; q++) { weighted4 = fma(att_b4[row + q], datt4[row + q], weighted4); }
  let weighted = (weighted4.x + weighted4.y) + (weighted4.z + weighted4.w);
  for (var q = 0u; q < last; q++) {
    dpreatt4[row + q] += att_b4[row + q] * (datt4[row + q] - weighted);
  }
  let old = dpreatt4[row + last];
  dpreatt4[row + last] = select(old, old + att_last * (datt_last - weighted), valid);
}

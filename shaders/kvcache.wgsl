// Incremental decoding with a KV cache (one new token per sequence per step).
// Shapes: qkv [B, 3C] (row b: q, k, v of sequence b's newest token); kcache, vcache [B, NH, maxT, hs];
//         positions [B] (i32; the newest token's position; negative = idle row); out [B, C].
//   kvcache_write:    kcache[b, h, positions[b], :] = k of row b (likewise v); idle rows write nothing.
//   attention_decode: out[b, h] = sum_{t <= positions[b]} softmax_t(q . kcache[b, h, t] * scale) vcache[b, h, t];
//                     idle rows get zeros.
// Dispatch: one invocation per (b, c) channel, 64 per workgroup, folded 2-D grid (see src/nn/ops/dispatch.ts).
// attention_decode recomputes the hs-long dot products in each of a head's hs invocations: cheap at these
// sizes, and it needs neither workgroup memory nor a local array (which SwiftShader spills).

struct Params { B: u32, C: u32, NH: u32, maxT: u32, scale: f32 }
@group(0) @binding(0) var<uniform> params: Params;

// kvcache_write bindings
@group(0) @binding(1) var<storage, read_write> kcache: array<f32>;
@group(0) @binding(2) var<storage, read_write> vcache: array<f32>;
@group(0) @binding(3) var<storage, read> qkv_w: array<f32>;
@group(0) @binding(4) var<storage, read> positions_w: array<i32>;

// attention_decode bindings
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read> qkv: array<f32>;
@group(0) @binding(3) var<storage, read> kcache_d: array<f32>;
@group(0) @binding(4) var<storage, read> vcache_d: array<f32>;
@group(0) @binding(5) var<storage, read> positions: array<i32>;

const WG: u32 = 64u;

fn linear_index(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * WG;
}

@compute @workgroup_size(WG)
fn kvcache_write(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let index = linear_index(gid, nwg);
  let C = params.C;
  if (index >= params.B * C) { return; }
  let b = index / C;
  let c = index % C;
  let position = positions_w[b];
  if (position < 0) { return; }
  let hs = C / params.NH;
  let h = c / hs;
  let at = ((b * params.NH + h) * params.maxT + u32(position)) * hs + c % hs;
  kcache[at] = qkv_w[b * 3u * C + C + c];
  vcache[at] = qkv_w[b * 3u * C + 2u * C + c];
}

fn score(b: u32, h: u32, hs: u32, t: u32) -> f32 {
  let q = b * 3u * params.C + h * hs;
  let k = ((b * params.NH + h) * params.maxT + t) * hs;
  var dot = 0.0;
  for (var i = 0u; i < hs; i++) { dot = fma(qkv[q + i], kcache_d[k + i], dot); }
  return dot * params.scale;
}

@compute @workgroup_size(WG)
fn attention_decode(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let index = linear_index(gid, nwg);
  let C = params.C;
  if (index >= params.B * C) { return; }
  let b = index / C;
  let c = index % C;
  let last = positions[b];
  if (last < 0) {
    out[index] = 0.0;
    return;
  }
  let hs = C / params.NH;
  let h = c / hs;
  let i = c % hs;
  var max_score = -3.4e38;
  for (var t = 0u; t <= u32(last); t++) { max_score = max(max_score, score(b, h, hs, t)); }
  var sum = 0.0;
  var acc = 0.0;
  for (var t = 0u; t <= u32(last); t++) {
    let e = exp(score(b, h, hs, t) - max_score);
    sum += e;
    acc = fma(e, vcache_d[((b * params.NH + h) * params.maxT + t) * hs + i], acc);
  }
  out[index] = acc / sum;
}

// Causal multi-head self-attention (llm.c attention_forward / attention_backward).
// Shapes: qkv, dqkv [B, T, 3C] (q, k, v blocks of C = NH heads x hs channels); out, dout [B, T, C];
//         preatt, att, dpreatt, datt [B, NH, T, T] (row (b, h, t) holds the scores of query t; only t2 <= t used).
//   forward: preatt = q.k * scale (scale = 1/sqrt(hs)); att = causal softmax(preatt) with zeros above the
//            diagonal; out[b, t, h] = sum_t2 att[t2] v[t2].
//   backward (accumulates, like the twin):
//     backward_scores: datt[t2] += v[t2].dout[t];  dpreatt[t3] += att[t3] (datt[t3] - sum_t2 att[t2] datt[t2])
//     backward_qkv:    dq[t] += scale sum_{t2<=t} k[t2] dpreatt[(t), t2]
//                      dk[t] += scale sum_{t'>=t} q[t'] dpreatt[(t'), t]
//                      dv[t] += sum_{t'>=t} att[(t'), t] dout[t']
// Dispatch (64 invocations per workgroup, folded 2-D grid, see src/nn/ops/dispatch.ts):
//   forward, backward_scores: one invocation per score row (b, h, t), linear index ((b NH + h) T + t).
//   backward_qkv: one invocation per (b, t, c) channel, so each dqkv element has exactly one writer.

struct Params { B: u32, T: u32, C: u32, NH: u32, scale: f32 }
@group(0) @binding(0) var<uniform> params: Params;

// forward bindings
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read_write> preatt: array<f32>;
@group(0) @binding(3) var<storage, read_write> att: array<f32>;
@group(0) @binding(4) var<storage, read> qkv: array<f32>;

// backward_scores bindings
@group(0) @binding(1) var<storage, read_write> dpreatt_s: array<f32>;
@group(0) @binding(2) var<storage, read_write> datt_s: array<f32>;
@group(0) @binding(3) var<storage, read> dout_s: array<f32>;
@group(0) @binding(4) var<storage, read> qkv_s: array<f32>;
@group(0) @binding(5) var<storage, read> att_s: array<f32>;

// backward_qkv bindings
@group(0) @binding(1) var<storage, read_write> dqkv: array<f32>;
@group(0) @binding(2) var<storage, read> dpreatt_q: array<f32>;
@group(0) @binding(3) var<storage, read> dout_q: array<f32>;
@group(0) @binding(4) var<storage, read> qkv_q: array<f32>;
@group(0) @binding(5) var<storage, read> att_q: array<f32>;

const WG: u32 = 64u;

fn linear_index(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * WG;
}

@compute @workgroup_size(WG)
fn attention_forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let index = linear_index(gid, nwg);
  let T = params.T;
  let NH = params.NH;
  let C = params.C;
  if (index >= params.B * NH * T) { return; }
  let t = index % T;
  let h = (index / T) % NH;
  let b = index / (T * NH);
  let hs = C / NH;
  let row = index * T;
  let q = (b * T + t) * 3u * C + h * hs;

  var max_score = -3.4e38;
  for (var t2 = 0u; t2 <= t; t2++) {
    let k = (b * T + t2) * 3u * C + C + h * hs;
    var dot = 0.0;
    for (var i = 0u; i < hs; i++) { dot = fma(qkv[q + i], qkv[k + i], dot); }
    dot *= params.scale;
    preatt[row + t2] = dot;
    max_score = max(max_score, dot);
  }
  var sum = 0.0;
  for (var t2 = 0u; t2 <= t; t2++) {
    let e = exp(preatt[row + t2] - max_score);
    att[row + t2] = e;
    sum += e;
  }
  let inverse_sum = 1.0 / sum;
  for (var t2 = 0u; t2 < T; t2++) {
    att[row + t2] = select(0.0, att[row + t2] * inverse_sum, t2 <= t);
  }
  let o = (b * T + t) * C + h * hs;
  for (var i = 0u; i < hs; i++) {
    var acc = 0.0;
    for (var t2 = 0u; t2 <= t; t2++) {
      acc = fma(att[row + t2], qkv[(b * T + t2) * 3u * C + 2u * C + h * hs + i], acc);
    }
    out[o + i] = acc;
  }
}

@compute @workgroup_size(WG)
fn attention_backward_scores(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let index = linear_index(gid, nwg);
  let T = params.T;
  let NH = params.NH;
  let C = params.C;
  if (index >= params.B * NH * T) { return; }
  let t = index % T;
  let h = (index / T) % NH;
  let b = index / (T * NH);
  let hs = C / NH;
  let row = index * T;
  let o = (b * T + t) * C + h * hs;

  var weighted = 0.0; // sum_t2 att[t2] * datt[t2], with datt after this pass's accumulation
  for (var t2 = 0u; t2 <= t; t2++) {
    let v = (b * T + t2) * 3u * C + 2u * C + h * hs;
    var dot = 0.0;
    for (var i = 0u; i < hs; i++) { dot = fma(qkv_s[v + i], dout_s[o + i], dot); }
    let d = datt_s[row + t2] + dot;
    datt_s[row + t2] = d;
    weighted = fma(att_s[row + t2], d, weighted);
  }
  for (var t3 = 0u; t3 <= t; t3++) {
    dpreatt_s[row + t3] += att_s[row + t3] * (datt_s[row + t3] - weighted);
  }
}

@compute @workgroup_size(WG)
fn attention_backward_qkv(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let index = linear_index(gid, nwg);
  let T = params.T;
  let NH = params.NH;
  let C = params.C;
  if (index >= params.B * T * C) { return; }
  let c = index % C;
  let t = (index / C) % T;
  let b = index / (C * T);
  let hs = C / NH;
  let h = c / hs;
  let rows = (b * NH + h) * T; // first score row of (b, h)

  var dq = 0.0;
  for (var t2 = 0u; t2 <= t; t2++) {
    dq = fma(qkv_q[(b * T + t2) * 3u * C + C + c], dpreatt_q[(rows + t) * T + t2], dq);
  }
  var dk = 0.0;
  var dv = 0.0;
  for (var t1 = t; t1 < T; t1++) {
    let score = (rows + t1) * T + t;
    dk = fma(qkv_q[(b * T + t1) * 3u * C + c], dpreatt_q[score], dk);
    dv = fma(att_q[score], dout_q[(b * T + t1) * C + c], dv);
  }
  let base = (b * T + t) * 3u * C + c;
  dqkv[base] += dq * params.scale;
  dqkv[base + C] += dk * params.scale;
  dqkv[base + 2u * C] += dv;
}

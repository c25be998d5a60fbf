// LayerNorm over the C channels of each row, eps 1e-5 (llm.c layernorm_forward / layernorm_backward).
//   forward:  out[n, c] = (inp[n, c] - mean[n]) * rstd[n] * weight[c] + bias[c]; stores mean[n], rstd[n].
//   backward_input:  dinp[n, c] += (dnorm - mean_c(dnorm) - norm * mean_c(dnorm * norm)) * rstd[n],
//                    with norm = (inp - mean) * rstd and dnorm = weight * dout.
//   backward_params: dweight[c] += sum_n norm[n, c] * dout[n, c];  dbias[c] += sum_n dout[n, c].
// Shapes: inp, out, dout, dinp [N, C]; mean, rstd [N]; weight, bias [C].
// Dispatch:
//   forward, backward_input: one invocation per row n (64 per workgroup, folded 2-D grid, see dispatch.ts).
//   backward_params: one workgroup of 64 per channel c; its invocations stride over the rows and combine
//   their partial sums in workgroup memory, so each dweight/dbias element has exactly one writer.
// The *4 entry points are the same with vec4f loads when C and every binding are whole vec4s (a quarter of the
//   loads, which SwiftShader pays per element): backward_params4 has one workgroup per four channels.

struct Params { N: u32, C: u32 }
@group(0) @binding(0) var<uniform> params: Params;

// forward bindings
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read_write> mean: array<f32>;
@group(0) @binding(3) var<storage, read_write> rstd: array<f32>;
@group(0) @binding(4) var<storage, read> inp: array<f32>;
@group(0) @binding(5) var<storage, read> weight: array<f32>;
@group(0) @binding(6) var<storage, read> bias: array<f32>;

// backward_input bindings
@group(0) @binding(1) var<storage, read_write> dinp: array<f32>;
@group(0) @binding(2) var<storage, read> dout_i: array<f32>;
@group(0) @binding(3) var<storage, read> inp_i: array<f32>;
@group(0) @binding(4) var<storage, read> weight_i: array<f32>;
@group(0) @binding(5) var<storage, read> mean_i: array<f32>;
@group(0) @binding(6) var<storage, read> rstd_i: array<f32>;

// backward_params bindings
@group(0) @binding(1) var<storage, read_write> dweight: array<f32>;
@group(0) @binding(2) var<storage, read_write> dbias: array<f32>;
@group(0) @binding(3) var<storage, read> dout_p: array<f32>;
@group(0) @binding(4) var<storage, read> inp_p: array<f32>;
@group(0) @binding(5) var<storage, read> mean_p: array<f32>;
@group(0) @binding(6) var<storage, read> rstd_p: array<f32>;

// vec4 bindings of the *4 entry points (same slots; mean and rstd stay scalar)
@group(0) @binding(1) var<storage, read_write> out4: array<vec4f>;
@group(0) @binding(4) var<storage, read> inp4: array<vec4f>;
@group(0) @binding(5) var<storage, read> weight4: array<vec4f>;
@group(0) @binding(6) var<storage, read> bias4: array<vec4f>;
@group(0) @binding(1) var<storage, read_write> dinp4: array<vec4f>;
@group(0) @binding(2) var<storage, read> dout_i4: array<vec4f>;
@group(0) @binding(3) var<storage, read> inp_i4: array<vec4f>;
@group(0) @binding(4) var<storage, read> weight_i4: array<vec4f>;
@group(0) @binding(1) var<storage, read_write> dweight4: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> dbias4: array<vec4f>;
@group(0) @binding(3) var<storage, read> dout_p4: array<vec4f>;
@group(0) @binding(4) var<storage, read> inp_p4: array<vec4f>;

const WG: u32 = 64u;
const EPS: f32 = 1e-5;

var<workgroup> partial_dweight: array<f32, WG>;
var<workgroup> partial_dbias: array<f32, WG>;
var<workgroup> partial_dweight4: array<vec4f, WG>;
var<workgroup> partial_dbias4: array<vec4f, WG>;

fn hsum(v: vec4f) -> f32 {
  return (v.x + v.y) + (v.z + v.w);
}

fn linear_index(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * WG;
}

@compute @workgroup_size(WG)
fn layernorm_forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let n = linear_index(gid, nwg);
  if (n >= params.N) { return; }
  let C = params.C;
  let x = n * C;
  var m = 0.0;
  for (var c = 0u; c < C; c++) { m += inp[x + c]; }
  m /= f32(C);
  var v = 0.0;
  for (var c = 0u; c < C; c++) {
    let d = inp[x + c] - m;
    v = fma(d, d, v);
  }
  v /= f32(C);
  let s = inverseSqrt(v + EPS);
  for (var c = 0u; c < C; c++) {
    out[x + c] = fma((inp[x + c] - m) * s, weight[c], bias[c]);
  }
  mean[n] = m;
  rstd[n] = s;
}

@compute @workgroup_size(WG)
fn layernorm_backward_input(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let n = linear_index(gid, nwg);
  if (n >= params.N) { return; }
  let C = params.C;
  let x = n * C;
  let m = mean_i[n];
  let s = rstd_i[n];
  var dnorm_mean = 0.0;
  var dnorm_norm_mean = 0.0;
  for (var c = 0u; c < C; c++) {
    let norm = (inp_i[x + c] - m) * s;
    let dnorm = weight_i[c] * dout_i[x + c];
    dnorm_mean += dnorm;
    dnorm_norm_mean = fma(dnorm, norm, dnorm_norm_mean);
  }
  dnorm_mean /= f32(C);
  dnorm_norm_mean /= f32(C);
  for (var c = 0u; c < C; c++) {
    let norm = (inp_i[x + c] - m) * s;
    let dnorm = weight_i[c] * dout_i[x + c];
    dinp[x + c] += (dnorm - dnorm_mean - norm * dnorm_norm_mean) * s;
  }
}

@compute @workgroup_size(WG)
fn layernorm_backward_params(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let c = wid.x;
  let C = params.C;
  var dw = 0.0;
  var db = 0.0;
  for (var n = lid; n < params.N; n += WG) {
    let d = dout_p[n * C + c];
    let norm = (inp_p[n * C + c] - mean_p[n]) * rstd_p[n];
    dw = fma(norm, d, dw);
    db += d;
  }
  partial_dweight[lid] = dw;
  partial_dbias[lid] = db;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) {
      partial_dweight[lid] += partial_dweight[lid + stride];
      partial_dbias[lid] += partial_dbias[lid + stride];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    dweight[c] += partial_dweight[0];
    dbias[c] += partial_dbias[0];
  }
}

@compute @workgroup_size(WG)
fn layernorm_forward4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let n = linear_index(gid, nwg);
  if (n >= params.N) { return; }
  let C4 = params.C / 4u;
  let x = n * C4;
  var m4 = vec4f(0.0);
  for (var c = 0u; c < C4; c++) { m4 += inp4[x + c]; }
  let m = hsum(m4) / f32(params.C);
  var v4 = vec4f(0.0);
  for (var c = 0u; c < C4; c++) {
    let d = inp4[x + c] - m;
    v4 = fma(d, d, v4);
  }
  let s = inverseSqrt(hsum(v4) / f32(params.C) + EPS);
  for (var c = 0u; c < C4; c++) {
    out4[x + c] = fma((inp4[x + c] - m) * s, weight4[c], bias4[c]);
  }
  mean[n] = m;
  rstd[n] = s;
}

@compute @workgroup_size(WG)
fn layernorm_backward_input4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let n = linear_index(gid, nwg);
  if (n >= params.N) { return; }
  let C4 = params.C / 4u;
  let x = n * C4;
  let m = mean_i[n];
  let s = rstd_i[n];
  var dnorm_sum = vec4f(0.0);
  var dnorm_norm_sum = vec4f(0.0);
  for (var c = 0u; c < C4; c++) {
    let norm = (inp_i4[x + c] - m) * s;
    let dnorm = weight_i4[c] * dout_i4[x + c];
    dnorm_sum += dnorm;
    dnorm_norm_sum = fma(dnorm, norm, dnorm_norm_sum);
  }
  let dnorm_mean = hsum(dnorm_sum) / f32(params.C);
  let dnorm_norm_mean = hsum(dnorm_norm_sum) / f32(params.C);
  for (var c = 0u; c < C4; c++) {
    let norm = (inp_i4[x + c] - m) * s;
    let dnorm = weight_i4[c] * dout_i4[x + c];
    dinp4[x + c] += (dnorm - dnorm_mean - norm * dnorm_norm_mean) * s;
  }
}

@compute @workgroup_size(WG)
fn layernorm_backward_params4(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let c4 = wid.x;
  let C4 = params.C / 4u;
  var dw = vec4f(0.0);
  var db = vec4f(0.0);
  for (var n = lid; n < params.N; n += WG) {
    let d = dout_p4[n * C4 + c4];
    let norm = (inp_p4[n * C4 + c4] - mean_p[n]) * rstd_p[n];
    dw = fma(norm, d, dw);
    db += d;
  }
  partial_dweight4[lid] = dw;
  partial_dbias4[lid] = db;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) {
      partial_dweight4[lid] += partial_dweight4[lid + stride];
      partial_dbias4[lid] += partial_dbias4[lid + stride];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    dweight4[c4] += partial_dweight4[0];
    dbias4[c4] += partial_dbias4[0];
  }
}

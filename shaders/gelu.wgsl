// GELU, tanh approximation (GPT-2's), elementwise over N values (llm.c gelu_forward / gelu_backward).
//   forward:  out[i] = 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))),  x = inp[i]
//   backward: dinp[i] += gelu'(inp[i]) * dout[i]
// Dispatch: one invocation per element, 64 per workgroup, folded 2-D grid (see src/nn/ops/dispatch.ts).
// gelu_forward4 / gelu_backward4: the same, four elements (one vec4f) per invocation, when N and every binding
//   are whole vec4s: SwiftShader's cost per invocation outweighs this arithmetic.

struct Params { N: u32 }
@group(0) @binding(0) var<uniform> params: Params;

// forward bindings
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read> inp: array<f32>;

// backward bindings
@group(0) @binding(1) var<storage, read_write> dinp: array<f32>;
@group(0) @binding(2) var<storage, read> inp_b: array<f32>;
@group(0) @binding(3) var<storage, read> dout: array<f32>;

// vec4 bindings (same slots)
@group(0) @binding(1) var<storage, read_write> out4: array<vec4f>;
@group(0) @binding(2) var<storage, read> inp4: array<vec4f>;
@group(0) @binding(1) var<storage, read_write> dinp4: array<vec4f>;
@group(0) @binding(2) var<storage, read> inp_b4: array<vec4f>;
@group(0) @binding(3) var<storage, read> dout4: array<vec4f>;

const WG: u32 = 64u;
const GELU_SCALE: f32 = 0.7978845608028654; // sqrt(2 / pi)

fn linear_index(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * WG;
}

// tanh with its argument clamped: some backends compute tanh through exp and return NaN for large |u|;
// tanh(±10) already rounds to ±1 in f32.
fn safe_tanh(u: f32) -> f32 {
  return tanh(clamp(u, -10.0, 10.0));
}

@compute @workgroup_size(WG)
fn gelu_forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg);
  if (i >= params.N) { return; }
  let x = inp[i];
  let u = GELU_SCALE * fma(0.044715 * x, x * x, x);
  out[i] = 0.5 * x * (1.0 + safe_tanh(u));
}

@compute @workgroup_size(WG)
fn gelu_backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg);
  if (i >= params.N) { return; }
  let x = inp_b[i];
  let u = GELU_SCALE * fma(0.044715 * x, x * x, x);
  let th = safe_tanh(u);
  let sech2 = 1.0 - th * th;
  let local_grad = 0.5 * (1.0 + th) + 0.5 * x * sech2 * GELU_SCALE * fma(3.0 * 0.044715 * x, x, 1.0);
  dinp[i] = fma(local_grad, dout[i], dinp[i]);
}

// The vec4 kernels' params.N counts vec4s.
@compute @workgroup_size(WG)
fn gelu_forward4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg);
  if (i >= params.N) { return; }
  let x = inp4[i];
  let u = GELU_SCALE * fma(0.044715 * x, x * x, x);
  out4[i] = 0.5 * x * (1.0 + tanh(clamp(u, vec4f(-10.0), vec4f(10.0))));
}

@compute @workgroup_size(WG)
fn gelu_backward4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg);
  if (i >= params.N) { return; }
  let x = inp_b4[i];
  let u = GELU_SCALE * fma(0.044715 * x, x * x, x);
  let th = tanh(clamp(u, vec4f(-10.0), vec4f(10.0)));
  let sech2 = 1.0 - th * th;
  let local_grad = 0.5 * (1.0 + th) + 0.5 * x * sech2 * GELU_SCALE * fma(3.0 * 0.044715 * x, x, vec4f(1.0));
  dinp4[i] = fma(local_grad, dout4[i], dinp4[i]);
}

// Residual connection, elementwise over N values (llm.c residual_forward / residual_backward).
//   forward:  out[i] = inp1[i] + inp2[i]
//   backward: dinp1[i] += dout[i]; dinp2[i] += dout[i]   (dinp1 and dinp2 must not overlap)
// Dispatch: one invocation per element, 64 per workgroup, folded 2-D grid (see src/nn/ops/dispatch.ts).
// residual_forward4 / residual_backward4: four elements (one vec4f) per invocation when N and every binding are
//   whole vec4s (params.N then counts vec4s).

struct Params { N: u32 }
@group(0) @binding(0) var<uniform> params: Params;

// forward bindings
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read> inp1: array<f32>;
@group(0) @binding(3) var<storage, read> inp2: array<f32>;

// backward bindings
@group(0) @binding(1) var<storage, read_write> dinp1: array<f32>;
@group(0) @binding(2) var<storage, read_write> dinp2: array<f32>;
@group(0) @binding(3) var<storage, read> dout: array<f32>;

// vec4 bindings (same slots)
@group(0) @binding(1) var<storage, read_write> out4: array<vec4f>;
@group(0) @binding(2) var<storage, read> inp1_4: array<vec4f>;
@group(0) @binding(3) var<storage, read> inp2_4: array<vec4f>;
@group(0) @binding(1) var<storage, read_write> dinp1_4: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> dinp2_4: array<vec4f>;
@group(0) @binding(3) var<storage, read> dout4: array<vec4f>;

const WG: u32 = 64u;

fn linear_index(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * WG;
}

@compute @workgroup_size(WG)
fn residual_forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg);
  if (i >= params.N) { return; }
  out[i] = inp1[i] + inp2[i];
}

@compute @workgroup_size(WG)
fn residual_backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg);
  if (i >= params.N) { return; }
  let d = dout[i];
  dinp1[i] += d;
  dinp2[i] += d;
}

@compute @workgroup_size(WG)
fn residual_forward4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg);
  if (i >= params.N) { return; }
  out4[i] = inp1_4[i] + inp2_4[i];
}

@compute @workgroup_size(WG)
fn residual_backward4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg);
  if (i >= params.N) { return; }
  let d = dout4[i];
  dinp1_4[i] += d;
  dinp2_4[i] += d;
}

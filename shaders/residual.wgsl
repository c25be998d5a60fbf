// Residual connection, elementwise over N values (llm.c residual_forward / residual_backward).
//   forward:  out[i] = inp1[i] + inp2[i]
//   backward: dinp1[i] += dout[i]; dinp2[i] += dout[i]   (dinp1 and dinp2 must not overlap)
// Dispatch: one invocation per element, 64 per workgroup, folded 2-D grid (see src/nn/ops/dispatch.ts).

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

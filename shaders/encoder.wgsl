// Token + position embedding (llm.c encoder_forward / encoder_backward).
//   forward:  out[n, c] = wte[tokens[n], c] + wpe[positions[n], c]      out [N, C]; wte [V, C]; wpe [P, C]
//   backward: dwte[v, c] += sum over rows n with tokens[n] == v of dout[n, c]; dwpe likewise with positions.
// Dispatch: 64 invocations per workgroup, linear index folded into a 2-D grid (see src/nn/ops/grid.ts).
//   forward: one invocation per (n, c).
//   backward: one invocation per (table row r, c) over the V rows of wte then the P rows of wpe; each scans
//   all N rows, so every gradient element has exactly one writer (WGSL has no float atomics).

struct Params { N: u32, C: u32, V: u32, P: u32 }
@group(0) @binding(0) var<uniform> params: Params;

// forward bindings
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read> tokens: array<i32>;
@group(0) @binding(3) var<storage, read> positions: array<i32>;
@group(0) @binding(4) var<storage, read> wte: array<f32>;
@group(0) @binding(5) var<storage, read> wpe: array<f32>;

// backward bindings
@group(0) @binding(1) var<storage, read_write> dwte: array<f32>;
@group(0) @binding(2) var<storage, read_write> dwpe: array<f32>;
@group(0) @binding(3) var<storage, read> dout: array<f32>;
@group(0) @binding(4) var<storage, read> btokens: array<i32>;
@group(0) @binding(5) var<storage, read> bpositions: array<i32>;

const WG: u32 = 64u;

fn linear_index(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * WG;
}

@compute @workgroup_size(WG)
fn encoder_forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg);
  let C = params.C;
  if (i >= params.N * C) { return; }
  let n = i / C;
  let c = i % C;
  out[i] = wte[u32(tokens[n]) * C + c] + wpe[u32(positions[n]) * C + c];
}

@compute @workgroup_size(WG)
fn encoder_backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg);
  let C = params.C;
  if (i >= (params.V + params.P) * C) { return; }
  let row = i / C;
  let c = i % C;
  var sum = 0.0;
  if (row < params.V) {
    let v = i32(row);
    for (var n = 0u; n < params.N; n++) {
      if (btokens[n] == v) { sum += dout[n * C + c]; }
    }
    dwte[i] += sum;
  } else {
    let p = i32(row - params.V);
    for (var n = 0u; n < params.N; n++) {
      if (bpositions[n] == p) { sum += dout[n * C + c]; }
    }
    dwpe[i - params.V * C] += sum;
  }
}

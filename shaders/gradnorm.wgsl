// Global L2 norm of the gradient vector: norm[0] = sqrt(sum_i grads[i]^2) over i < N.
// Written to a 1-float buffer for adamw.wgsl's clipping, so a training step needs no readback.
// Dispatch: a single workgroup of 256 invocations; each sums the squares of a strided slice, then the
// partial sums combine by a tree reduction in workgroup memory. (A few hundred thousand parameters at most
// here: one workgroup streams them in well under a millisecond and needs no second pass or scratch buffer.)

struct Params { N: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> norm: array<f32>;
@group(0) @binding(2) var<storage, read> grads: array<f32>;

const WG: u32 = 256u;
var<workgroup> partial_sums: array<f32, WG>;

@compute @workgroup_size(WG)
fn grad_global_norm(@builtin(local_invocation_index) lid: u32) {
  var sum = 0.0;
  for (var i = lid; i < params.N; i += WG) {
    let g = grads[i];
    sum = fma(g, g, sum);
  }
  partial_sums[lid] = sum;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) { partial_sums[lid] += partial_sums[lid + stride]; }
    workgroupBarrier();
  }
  if (lid == 0u) { norm[0] = sqrt(partial_sums[0]); }
}

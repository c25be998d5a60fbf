// AdamW with bias correction and decoupled weight decay (Loshchilov & Hutter) over weights[0..N), with
// global-norm gradient clipping read from the GPU (no readback):
//   scale = maxNorm > 0 && norm > maxNorm ? maxNorm / norm : 1        (norm = grad_norm[0], from gradnorm.wgsl)
//   g = grads[i] * scale; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2
//   weights[i] -= lr * ((m / c1) / (sqrt(v / c2) + eps) + (i < decayEnd ? wd * weights[i] : 0))
// with c1 = 1 - b1^step, c2 = 1 - b2^step, and 1 - b1, 1 - b2 computed on the CPU in float64 (in f32,
// 1 - 0.999 keeps only about 4 correct digits).
// Shapes: weights, grads, m, v [N] (the flat parameter layout; decayed matrices first); grad_norm [1].
// Dispatch: one invocation per element, 64 per workgroup, folded 2-D grid (see src/nn/ops/dispatch.ts).

struct Params {
  N: u32,
  decayEnd: u32,
  lr: f32,
  beta1: f32,
  beta2: f32,
  oneMinusBeta1: f32,
  oneMinusBeta2: f32,
  eps: f32,
  weightDecay: f32,
  correction1: f32,
  correction2: f32,
  maxNorm: f32,
}
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> weights: array<f32>;
@group(0) @binding(2) var<storage, read> grads: array<f32>;
@group(0) @binding(3) var<storage, read_write> m: array<f32>;
@group(0) @binding(4) var<storage, read_write> v: array<f32>;
@group(0) @binding(5) var<storage, read> grad_norm: array<f32>;

const WG: u32 = 64u;

fn linear_index(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * WG;
}

@compute @workgroup_size(WG)
fn adamw_update(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg);
  if (i >= params.N) { return; }
  let norm = grad_norm[0];
  let clip = params.maxNorm > 0.0 && norm > params.maxNorm;
  let scale = select(1.0, params.maxNorm / norm, clip);
  let g = grads[i] * scale;
  let m_new = fma(params.beta1, m[i], params.oneMinusBeta1 * g);
  let v_new = fma(params.beta2, v[i], params.oneMinusBeta2 * g * g);
  m[i] = m_new;
  v[i] = v_new;
  let m_hat = m_new / params.correction1;
  let v_hat = v_new / params.correction2;
  let w = weights[i];
  let decay = select(0.0, params.weightDecay * w, i < params.decayEnd);
  weights[i] = w - params.lr * (m_hat / (sqrt(v_hat) + params.eps) + decay);
}

// Fused softmax + cross-entropy with per-token weights (llm.c crossentropy_forward / crossentropy_softmax_backward).
//   forward:  for target t = targets[n] >= 0: logprobs[n] = logits[n, t] - max - log(sum_v exp(logits[n, v] - max)),
//             losses[n] = -weights[n] * logprobs[n]; a negative target masks the row (logprob 0, loss 0).
//   backward: dlogits[n, v] = dweights[n] * (softmax(logits[n])[v] - (v == t)); masked rows get 0. WRITES.
// Shapes: logits, dlogits [N, V]; targets (i32), weights, dweights, losses, logprobs [N].
// Dispatch: one invocation per row (the vocabulary is small), 64 per workgroup, folded 2-D grid.

struct Params { N: u32, V: u32 }
@group(0) @binding(0) var<uniform> params: Params;

// forward bindings
@group(0) @binding(1) var<storage, read_write> losses: array<f32>;
@group(0) @binding(2) var<storage, read_write> logprobs: array<f32>;
@group(0) @binding(3) var<storage, read> logits: array<f32>;
@group(0) @binding(4) var<storage, read> targets: array<i32>;
@group(0) @binding(5) var<storage, read> weights: array<f32>;

// backward bindings
@group(0) @binding(1) var<storage, read_write> dlogits: array<f32>;
@group(0) @binding(2) var<storage, read> logits_b: array<f32>;
@group(0) @binding(3) var<storage, read> targets_b: array<i32>;
@group(0) @binding(4) var<storage, read> dweights: array<f32>;

const WG: u32 = 64u;

fn linear_index(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * WG;
}

@compute @workgroup_size(WG)
fn crossentropy_forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let n = linear_index(gid, nwg);
  if (n >= params.N) { return; }
  let target_token = targets[n];
  if (target_token < 0) {
    losses[n] = 0.0;
    logprobs[n] = 0.0;
    return;
  }
  let row = n * params.V;
  var max_logit = logits[row];
  for (var v = 1u; v < params.V; v++) { max_logit = max(max_logit, logits[row + v]); }
  var sum = 0.0;
  for (var v = 0u; v < params.V; v++) { sum += exp(logits[row + v] - max_logit); }
  let logprob = logits[row + u32(target_token)] - max_logit - log(sum);
  logprobs[n] = logprob;
  losses[n] = -weights[n] * logprob;
}

@compute @workgroup_size(WG)
fn crossentropy_backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let n = linear_index(gid, nwg);
  if (n >= params.N) { return; }
  let row = n * params.V;
  let target_token = targets_b[n];
  if (target_token < 0) {
    for (var v = 0u; v < params.V; v++) { dlogits[row + v] = 0.0; }
    return;
  }
  var max_logit = logits_b[row];
  for (var v = 1u; v < params.V; v++) { max_logit = max(max_logit, logits_b[row + v]); }
  var sum = 0.0;
  for (var v = 0u; v < params.V; v++) { sum += exp(logits_b[row + v] - max_logit); }
  let scale = dweights[n] / sum;
  for (var v = 0u; v < params.V; v++) {
    let indicator = select(0.0, dweights[n], i32(v) == target_token);
    dlogits[row + v] = exp(logits_b[row + v] - max_logit) * scale - indicator;
  }
}

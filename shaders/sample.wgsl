// Token sampling, one token per row, bit-compatible with the twin (src/nn/reference/ops.ts sampleTokens).
//   temperatures[b] <= 0: greedy, the lowest index among equal maxima.
//   otherwise: candidates are the logits >= the topK-th largest (topK = 0 or >= V: all; ties at the k-th value are
//   all kept), weighted by exp((logit - max) / temperature); with u = uniform(seed, row b, step) from the PCG hash,
//   the token is the first candidate in index order whose cumulative weight exceeds u * total (the last candidate
//   when rounding leaves none above).
//   logprobs[b] = log softmax(logits[b])[token] at temperature 1 (the behaviour log-prob of the raw policy).
// Shapes: logits [B, V]; temperatures [B]; tokens (i32), logprobs [B].
// Dispatch: one invocation per row, 64 per workgroup, folded 2-D grid. The top-k threshold is found without
// sorting: logits[v] is the k-th largest exactly when fewer than k logits exceed it and at least k are >= it
// (O(V^2) per row; the vocabulary is small).

struct Params { topK: u32, seed: u32, step: u32, B: u32, V: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> tokens: array<i32>;
@group(0) @binding(2) var<storage, read_write> logprobs: array<f32>;
@group(0) @binding(3) var<storage, read> logits: array<f32>;
@group(0) @binding(4) var<storage, read> temperatures: array<f32>;

const WG: u32 = 64u;
const NEG_INF: f32 = -0x1.fffffep+127f; // the lowest finite f32 (-inf is not a WGSL constant)

fn linear_index(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * WG;
}

// PCG hash (O'Neill's pcg32 output on one LCG step); u32 arithmetic wraps like the twin's Math.imul.
fn pcg_hash(input: u32) -> u32 {
  let state = input * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}

// Uniform in [0, 1) with 24 bits: exact in f32, so GPU and twin draw the same number.
fn uniform_at(seed: u32, row: u32, step: u32) -> f32 {
  let h = pcg_hash(pcg_hash(pcg_hash(seed) ^ row) ^ step);
  return f32(h >> 8u) / 16777216.0;
}

fn kth_largest(row: u32, k: u32) -> f32 {
  let V = params.V;
  for (var v = 0u; v < V; v++) {
    let x = logits[row + v];
    var greater = 0u;
    var greater_or_equal = 0u;
    for (var w = 0u; w < V; w++) {
      let y = logits[row + w];
      greater += select(0u, 1u, y > x);
      greater_or_equal += select(0u, 1u, y >= x);
    }
    if (greater < k && greater_or_equal >= k) { return x; }
  }
  return NEG_INF; // unreachable for 1 <= k <= V
}

@compute @workgroup_size(WG)
fn sample_tokens(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let b = linear_index(gid, nwg);
  if (b >= params.B) { return; }
  let V = params.V;
  let row = b * V;
  var max_logit = NEG_INF;
  var argmax = 0u;
  for (var v = 0u; v < V; v++) {
    if (logits[row + v] > max_logit) {
      max_logit = logits[row + v];
      argmax = v;
    }
  }
  var token = argmax;
  let temperature = temperatures[b];
  if (temperature > 0.0) {
    var threshold = NEG_INF;
    if (params.topK > 0u && params.topK < V) { threshold = kth_largest(row, params.topK); }
    var total = 0.0;
    for (var v = 0u; v < V; v++) {
      let x = logits[row + v];
      if (x >= threshold) { total += exp((x - max_logit) / temperature); }
    }
    let target_weight = uniform_at(params.seed, b, params.step) * total;
    var cumulative = 0.0;
    for (var v = 0u; v < V; v++) {
      let x = logits[row + v];
      if (x < threshold) { continue; }
      cumulative += exp((x - max_logit) / temperature);
      token = v;
      if (cumulative > target_weight) { break; }
    }
  }
  var sum = 0.0;
  for (var v = 0u; v < V; v++) { sum += exp(logits[row + v] - max_logit); }
  tokens[b] = i32(token);
  logprobs[b] = logits[row + token] - max_logit - log(sum);
}

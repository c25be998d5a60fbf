// Token + position embedding (llm.c encoder_forward / encoder_backward).
//   forward:  out[n, c] = wte[tokens[n], c] + wpe[positions[n], c]      out [N, C]; wte [V, C]; wpe [P, C]
//   backward: dwte[v, c] += sum over rows n with tokens[n] == v of dout[n, c]; dwpe likewise with positions.
// Dispatch:
//   forward: one invocation per (n, c), 64 per workgroup, linear index folded into a 2-D grid (src/nn/ops/dispatch.ts).
//   backward: one workgroup per 4 table rows r (the V rows of wte, then the P rows of wpe; folded 2-D grid), so
//   every gradient element has exactly one writer (WGSL has no float atomics). The workgroup scans the N rows in
//   chunks: its invocations find the rows whose token (position) is r, list them in order in workgroup memory
//   (counts, a prefix sum, then writes), and each invocation then sums the listed dout rows for its channels.
//   The compare work is N per table row, not N per gradient element.

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

const CHUNK: u32 = 1024u; // rows listed per pass (4 KiB of workgroup memory)
const ROWS_PER_INVOCATION: u32 = CHUNK / WG;
const ROWS_PER_WORKGROUP: u32 = 4u; // src/nn/ops/encoder.ts dispatches ceil((V + P) / 4) workgroups (8 measured the same)

var<workgroup> matched_rows: array<u32, CHUNK>;
var<workgroup> match_offsets: array<u32, WG>;

fn row_matches(n: u32, is_token: bool, key: i32) -> bool {
  return n < params.N && select(bpositions[n], btokens[n], is_token) == key;
}

@compute @workgroup_size(WG)
fn encoder_backward(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  // ROWS_PER_WORKGROUP consecutive table rows per workgroup: on SwiftShader a workgroup's fixed cost, not the
  // scan, dominated (the time hardly changed with N).
  let first_row = (wid.x + wid.y * nwg.x) * ROWS_PER_WORKGROUP; // uniform across the workgroup
  for (var row = first_row; row < min(first_row + ROWS_PER_WORKGROUP, params.V + params.P); row++) {
    encoder_backward_row(row, lid);
  }
}

fn encoder_backward_row(row: u32, lid: u32) {
  let C = params.C;
  let is_token = row < params.V;
  let key = i32(select(row - params.V, row, is_token));
  for (var chunk = 0u; chunk < params.N; chunk += CHUNK) {
    let first = chunk + lid * ROWS_PER_INVOCATION;
    var count = 0u;
    for (var j = 0u; j < ROWS_PER_INVOCATION; j++) {
      if (row_matches(first + j, is_token, key)) { count++; }
    }
    // Inclusive prefix sum of the counts (Hillis-Steele), so matches keep their row order.
    match_offsets[lid] = count;
    workgroupBarrier();
    for (var stride = 1u; stride < WG; stride *= 2u) {
      var before = 0u;
      if (lid >= stride) { before = match_offsets[lid - stride]; }
      workgroupBarrier();
      match_offsets[lid] += before;
      workgroupBarrier();
    }
    var slot = match_offsets[lid] - count;
    for (var j = 0u; j < ROWS_PER_INVOCATION; j++) {
      if (row_matches(first + j, is_token, key)) {
        matched_rows[slot] = first + j;
        slot++;
      }
    }
    workgroupBarrier();
    let total = match_offsets[WG - 1u];
    if (total > 0u) {
      for (var c = lid; c < C; c += WG) {
        var sum = 0.0;
        for (var m = 0u; m < total; m++) { sum += dout[matched_rows[m] * C + c]; }
        if (is_token) {
          dwte[row * C + c] += sum;
        } else {
          dwpe[(row - params.V) * C + c] += sum;
        }
      }
    }
    workgroupBarrier(); // the next chunk reuses the lists
  }
}

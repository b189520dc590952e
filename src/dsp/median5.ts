// Median of five numbers with six comparisons (no array, no sort): removes isolated spikes
// (a heartbeat's QRS, a fasciculation, an electrode pop) from an envelope while keeping steps
// sharp. Method: the smallest of any four values cannot be the median of five, so drop it,
// bring in the fifth, and take the second smallest of the four left.

export function median5(a: number, b: number, c: number, d: number, e: number): number {
  let t: number;
  if (b < a) { t = a; a = b; b = t; }
  if (d < c) { t = c; c = d; d = t; }
  if (a < c) {
    a = e;
    if (b < a) { t = a; a = b; b = t; }
  } else {
    c = e;
    if (d < c) { t = c; c = d; d = t; }
  }
  // second smallest of {a ≤ b, c ≤ d}
  if (a < c) return b < c ? b : c;
  return a < d ? a : d;
}

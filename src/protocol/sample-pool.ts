// Float32Arrays for decoded EMG samples, cut from shared 64 KiB buffers. A Float32Array of a
// frame's 200 samples gets its own off-heap memory, and in Node 20 making one cost ~4 µs, more
// than decoding the frame; a view into a shared buffer costs a tenth of that. A buffer lives as
// long as any view into it, so only what passes through (the EMG samples, which the core copies
// into its filters and lets go) comes from here; what the core keeps until the next frame (an
// accelerometer block) gets its own small array, or one sensor's last frame would hold a whole
// buffer of other sensors' samples.
const POOL_FLOATS = 16_384;
/** larger requests get their own array: a few would use up a buffer */
const MAX_POOLED_FLOATS = POOL_FLOATS / 8;

let pool = new Float32Array(POOL_FLOATS);
let next = 0;

/** `count` zeroed floats, for samples that pass through the core. */
export function passingFloat32s(count: number): Float32Array {
  if (count > MAX_POOLED_FLOATS) return new Float32Array(count);
  if (next + count > POOL_FLOATS) {
    pool = new Float32Array(POOL_FLOATS);
    next = 0;
  }
  const view = pool.subarray(next, next + count);
  next += count;
  return view;
}

// A full garbage collection on demand, for heap measurements, without asking the caller to start
// node with --expose-gc (V8 accepts the flag at run time; the function appears in a new context).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** Collects twice (the second pass frees what finalizers of the first released). */
export function fullGc(): void {
  collect();
  collect();
}

/** Heap plus typed-array backing stores, bytes: a core's state lives in both. */
export function liveBytes(): number {
  fullGc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

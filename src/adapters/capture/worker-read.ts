// A capture read on a second thread (read-worker.ts) for `crampwatch replay`: there it is
// unzipped, split and its frames decoded, while this thread runs them through the detector.
// The frames arrive packed in typed arrays moved without a copy (src/ingest/frame-batch.ts), in
// capture order, with the lines left undecoded among them: the same items, in the same order,
// as readCaptureRecordBatches and decodeMessage give on one thread.
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { framesOfBatch, type FrameBatch } from '../../ingest/frame-batch.ts';
import type { ReplayLine } from '../../ingest/replay.ts';
import { holdsJsonFrames, readCaptureRecordBatches } from './read.ts';

export type ReaderMessage = { batch: FrameBatch } | { done: true } | { error: string };

const SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(SOURCE ? './read-worker.ts' : './read-worker.js', import.meta.url);

/** The compiled command runs read-worker.js; tests and benches run the sources, and a worker
 *  takes no loader from its parent's (vitest's) module graph: tsx is registered in it first. */
function startWorker(path: string): Worker {
  if (!SOURCE) return new Worker(WORKER_URL, { workerData: { path } });
  const tsx = import.meta.resolve('tsx/esm/api');
  const start = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
  return new Worker(start, { eval: true, workerData: { path } });
}

/**
 * The reader `crampwatch replay` takes for a capture: a second thread for JSON frames, whose
 * reading (200 numbers parsed a frame) is as much work as the detector's, when the machine has
 * room for it; one thread otherwise. A second thread costs CPU (its start, a heap of its own,
 * the hand-over: +20 % of the replay's), which pays only if it runs beside the first, on a
 * core of its own: it was the faster on an idle machine, and the slower beside one other
 * process busy on one of 2 cores (load 1.1). Binary frames and compact captures
 * are read in a few µs a frame, and there the second thread cost more than it took off the
 * first at any load (bench/RESULTS.md). The output is the same either way.
 */
export async function readCaptureForReplay(path: string, idleCores = idleCoresNow()): Promise<AsyncGenerator<ReplayLine[]>> {
  return idleCores >= MIN_IDLE_CORES && (await holdsJsonFrames(path)) ? readCaptureInWorker(path) : readCaptureRecordBatches(path);
}

/** a whole core idle on average: on 2 cores a load average under 1 (see readCaptureForReplay) */
const MIN_IDLE_CORES = 1;

/** Cores the last minute left idle: this machine's cores less its load average. */
export function idleCoresNow(): number {
  return availableParallelism() - loadavg()[0];
}

/**
 * Starts reading at once (the thread starts while the caller loads the detector). Throws from
 * the iteration, after the lines read before it, if the file cannot be opened or unzipped.
 */
export function readCaptureInWorker(path: string): AsyncGenerator<ReplayLine[]> {
  const worker = startWorker(path);
  const inbox: ReaderMessage[] = [];
  let wake: (() => void) | undefined;
  const deliver = (message: ReaderMessage) => {
    inbox.push(message);
    wake?.();
  };
  worker.on('message', deliver);
  worker.on('error', (error) => deliver({ error: error.message }));
  worker.on('exit', () => deliver({ error: 'the reading thread stopped' }));
  return batches(worker, inbox, (resolve) => (wake = resolve));
}

async function* batches(worker: Worker, inbox: ReaderMessage[], waitFor: (resolve: () => void) => void): AsyncGenerator<ReplayLine[]> {
  let done = false;
  try {
    for (;;) {
      if (inbox.length === 0) await new Promise<void>(waitFor);
      const message = inbox.shift()!;
      if ('done' in message) {
        done = true;
        return;
      }
      if ('error' in message) throw new Error(message.error);
      worker.postMessage(inbox.length === 0); // room for one more batch; and whether this thread will wait for it
      yield framesOfBatch(asBuffers(message.batch));
    }
  } finally {
    // a thread that read to the end ends by itself (and may still be writing, e.g. a profile)
    if (!done) void worker.terminate();
  }
}

/**
 * The compact reader's binary payloads are Buffers, and come out of a clone as Uint8Arrays: made
 * Buffers again (no copy), as a rejection keeps its payload and writes it to --rejects as JSON,
 * where the two differ.
 */
function asBuffers(batch: FrameBatch): FrameBatch {
  for (const line of batch.passed) {
    if (typeof line === 'object' && 'bytes' in line && line.bytes) line.bytes = Buffer.from(line.bytes.buffer, line.bytes.byteOffset, line.bytes.length);
  }
  return batch;
}

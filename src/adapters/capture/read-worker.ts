// The reading half of `crampwatch replay` on a thread of its own (started by readCaptureInWorker,
// worker-read.ts): unzips the capture, reads its lines, decodes its frames and posts them in
// FrameBatches, while the main thread runs the previous batches through the Ingestor and the
// detector. At most BATCHES_AHEAD batches wait for the main thread; it sends one message back
// for each batch it takes.
import { parentPort, workerData } from 'node:worker_threads';
import { Base64Payloads } from '../../ingest/capture-line.ts';
import { decodeAhead } from '../../ingest/decode-ahead.ts';
import { FrameBatchWriter } from '../../ingest/frame-batch.ts';
import { readCaptureRecordBatches } from './read.ts';
import type { ReaderMessage } from './worker-read.ts';

/** ~25 s of one sensor's frames a batch: a few dozen messages an hour, each worth its postMessage */
const FRAMES_A_BATCH = 256;
const BATCHES_AHEAD = 4;

const port = parentPort!;
const { path } = workerData as { path: string };
let credits = BATCHES_AHEAD;
let wake: (() => void) | undefined;
port.on('message', () => {
  credits++;
  wake?.();
});

async function post(writer: FrameBatchWriter): Promise<void> {
  while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
  credits--;
  const { batch, transfer } = writer.take();
  port.postMessage({ batch } satisfies ReaderMessage, transfer);
}

const writer = new FrameBatchWriter();
const base64 = new Base64Payloads();
try {
  for await (const lines of readCaptureRecordBatches(path)) {
    for (const line of lines) decodeAhead(line, writer, base64);
    if (writer.frames >= FRAMES_A_BATCH) await post(writer);
  }
  if (writer.items > 0) await post(writer);
  port.postMessage({ done: true } satisfies ReaderMessage);
} catch (error) {
  // what was read before the damage is replayed first, as the reader on the main thread did
  if (writer.items > 0) await post(writer);
  port.postMessage({ error: (error as Error).message } satisfies ReaderMessage);
}
port.close();

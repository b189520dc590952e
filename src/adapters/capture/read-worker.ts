// The reading half of `crampwatch replay` on a thread of its own (started by readCaptureInWorker,
// worker-read.ts): unzips the capture, reads its lines, decodes its frames and posts them in
// FrameBatches, while the main thread runs the previous batches through the Ingestor and the
// detector. At most BATCHES_AHEAD batches wait for the main thread; it sends one message back
// for each batch it takes, saying whether it found none left waiting. While it waits so, lines
// are passed on unread, for it to read (the same lines give the same frames on either thread):
// so neither thread idles while the other has work, whatever the detector costs a frame.
import { parentPort, workerData } from 'node:worker_threads';
import { Base64Payloads } from '../../ingest/capture-line.ts';
import { decodeAhead } from '../../ingest/decode-ahead.ts';
import { FrameBatchWriter } from '../../ingest/frame-batch.ts';
import { readCaptureRecordBatches } from './read.ts';
import type { ReaderMessage } from './worker-read.ts';

/** ~25 s of one sensor's lines a batch: a few dozen messages an hour, each worth its postMessage */
const LINES_A_BATCH = 256;
const BATCHES_AHEAD = 4;

const port = parentPort!;
const { path } = workerData as { path: string };
let credits = BATCHES_AHEAD;
/** what the main thread said as it took its last batch: that it has none left and waits for this thread */
let mainWaits = false;
let wake: (() => void) | undefined;
port.on('message', (waits: boolean) => {
  credits++;
  mainWaits = waits;
  wake?.();
});

async function post(writer: FrameBatchWriter): Promise<void> {
  while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
  credits--;
  const { batch, transfer } = writer.take();
  port.postMessage({ batch } satisfies ReaderMessage, transfer);
  mainWaits = false; // one batch left unread for each wait: more would leave this thread idle next
}

const writer = new FrameBatchWriter();
const base64 = new Base64Payloads();
try {
  for await (const lines of readCaptureRecordBatches(path, () => !mainWaits)) {
    for (const line of lines) decodeAhead(line, writer, base64);
    if (writer.items >= LINES_A_BATCH) await post(writer);
  }
  if (writer.items > 0) await post(writer);
  port.postMessage({ done: true } satisfies ReaderMessage);
} catch (error) {
  // what was read before the damage is replayed first, as the reader on the main thread did
  if (writer.items > 0) await post(writer);
  port.postMessage({ error: (error as Error).message } satisfies ReaderMessage);
}
port.close();

// Keeps every rejected message for inspection, and logs each rejection code once (then counts):
// a flood of garbage must not flood the log.
import type { Logger } from '../log.ts';
import type { WirePayload } from '../protocol/decode.ts';
import type { Rejection } from '../protocol/rejection.ts';
import { NdjsonFile } from '../adapters/ndjson-file.ts';

const PREVIEW_BYTES = 4096;

export class DeadLetters {
  private readonly file: NdjsonFile;
  private readonly loggedCodes = new Set<string>();

  constructor(
    path: string,
    maxBytes: number,
    private readonly logger: Logger,
  ) {
    this.file = new NdjsonFile(path, maxBytes);
  }

  keep(rejection: Rejection, topic: string, payload: WirePayload, rxMs: number): void {
    const kept =
      'bytes' in payload
        ? { b64: Buffer.from(payload.bytes.subarray(0, PREVIEW_BYTES)).toString('base64'), bytes: payload.bytes.length }
        : { json: truncateJson(payload.json) };
    this.file.append({ rx: rxMs, topic: topic.slice(0, 512), code: rejection.code, reason: rejection.reason, ...kept });
    if (!this.loggedCodes.has(rejection.code)) {
      this.loggedCodes.add(rejection.code);
      // JSON-encoded by pino: a topic built to break log lines stays one string field.
      this.logger.warn(
        { code: rejection.code, reason: rejection.reason, topic: topic.slice(0, 200), deadLetter: this.file.path },
        'rejected a message (further rejections with this code are counted, not logged)',
      );
    }
  }

  flush(): void {
    this.file.flush();
  }
}

function truncateJson(value: unknown): unknown {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length <= PREVIEW_BYTES ? value : { truncated: text.slice(0, PREVIEW_BYTES) };
}

// Binary payloads of capture lines, decoded from their base64 text one after the other into shared
// buffers, as sample-pool.ts does for samples: a Buffer each was a fifth of a binary replay's
// garbage. A buffer is never written over, only replaced when full, so a payload's view stays
// valid for as long as anyone keeps it (a rejected message, kept for inspection).
import { base64DecodedBound, decodeBase64 } from '../protocol/base64-bytes.ts';

const BUFFER_BYTES = 1 << 16;
/** each payload starts 8-byte aligned: decodeBinaryFrame reads aligned int16 samples through an Int16Array, several times faster than a DataView */
const ALIGN_BYTES = 8;

export class DecodedPayloads {
  // Buffers, not bare Uint8Arrays: a rejected payload is written out as a Buffer is (`--rejects`)
  private buffer = Buffer.allocUnsafeSlow(BUFFER_BYTES);
  private used = 0;

  /** The base64 text source[start, end) decoded; undefined when it is not canonical base64 (base64-bytes.ts). */
  decode(source: Buffer, start: number, end: number): Buffer | undefined {
    const room = base64DecodedBound(end - start);
    if (this.used + room > this.buffer.length) {
      this.buffer = Buffer.allocUnsafeSlow(Math.max(BUFFER_BYTES, room));
      this.used = 0;
    }
    const length = decodeBase64(source, start, end, this.buffer, this.used);
    if (length < 0) return undefined;
    const bytes = this.buffer.subarray(this.used, this.used + length);
    this.used += Math.ceil(length / ALIGN_BYTES) * ALIGN_BYTES;
    return bytes;
  }
}

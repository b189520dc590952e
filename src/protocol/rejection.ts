// Why a message was turned away. Every rejection is counted by its code, logged once and kept
// (dead-letter), never thrown: bad input must not stop the pipeline.

export const REJECT_CODES = [
  'bad_line', // a capture line that is not JSON or not a capture record
  'bad_topic', // not a crampwatch/v1/{id}/{kind} topic we read
  'bad_device_id', // {id} does not match PROTOCOL §2
  'too_large', // payload over 256 KiB
  'bad_json', // payload is neither JSON nor the binary encoding
  'bad_binary', // binary payload truncated, overlong or malformed
  'unsupported_version', // `v` other than 1
  'bad_schema', // missing or wrong-typed field
  'ragged_channels', // channel arrays of different lengths, or uv count ≠ ch count
  'non_finite', // NaN, Infinity or a non-number among samples
  'bad_channel', // a channel name not in PROTOCOL §1
  'fs_out_of_range', // EMG 200–4000 Hz, accelerometer 10–400 Hz
  'too_many_channels', // more than 8 EMG channels
] as const;
export type RejectCode = (typeof REJECT_CODES)[number];

export interface Rejection {
  ok: false;
  code: RejectCode;
  /** what was wrong, for a person reading the dead-letter file */
  reason: string;
}

export function reject(code: RejectCode, reason: string): Rejection {
  return { ok: false, code, reason };
}

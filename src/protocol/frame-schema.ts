// The JSON sample frame of PROTOCOL §3 as a zod schema. Structure is checked by zod; the sample
// arrays are checked by one tight loop each (a per-element zod schema costs more than the
// detector itself on 1 kHz data), still inside zod so every failure is one typed issue.
// Built on first use (zod-lazy.ts): valid frames pass json-frame-check.ts without it.
import type { z as Z } from 'zod';
import { MUSCLES } from '../core/types.ts';
import { lazySchema, zod } from './zod-lazy.ts';
import { ACC_FS_RANGE_HZ, EMG_FS_RANGE_HZ, MAX_CHANNELS, MAX_SAMPLES_PER_CHANNEL } from './frame-limits.ts';

export { ACC_FS_RANGE_HZ, EMG_FS_RANGE_HZ, MAX_CHANNELS, MAX_PAYLOAD_BYTES, MAX_SAMPLES_PER_CHANNEL } from './frame-limits.ts';
/** Frames with more accelerometer samples than this cannot fit a 4096-sample frame at 400 Hz. */
const MAX_ACC_SAMPLES = 4096;

function isFiniteNumberArray(value: unknown): value is number[] {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const x = value[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) return false;
  }
  return true;
}

function isTripletArray(value: unknown): value is number[][] {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const row = value[i];
    if (!Array.isArray(row) || row.length !== 3 || !isFiniteNumberArray(row)) return false;
  }
  return true;
}

function buildJsonFrameSchema() {
  const { z } = zod();

  /** An array checked as a whole, never element by element: `z.array(z.unknown())` runs a zod
   *  parse per element, which on 1 kHz frames cost several times the JSON.parse itself. */
  function arrayOf<T>(what: string, minLength: number, maxLength: number) {
    return z
      .custom<unknown[]>(Array.isArray, { message: `${what} must be an array`, abort: true })
      .refine((v) => v.length >= minLength && v.length <= maxLength, { message: `${what} must hold ${minLength}–${maxLength} items`, abort: true })
      .transform((v) => v as T);
  }

  const samples = arrayOf<unknown[]>('samples', 1, MAX_SAMPLES_PER_CHANNEL)
    .refine(isFiniteNumberArray, { params: { reason: 'non_finite' }, message: 'samples must be finite numbers' })
    .transform((v) => v as number[]);

  const finiteTime = z.number().finite().nonnegative();

  const accBlock = z.object({
    fs: z.number().min(ACC_FS_RANGE_HZ.min).max(ACC_FS_RANGE_HZ.max),
    t: finiteTime.optional(),
    mg: arrayOf<unknown[]>('mg', 0, MAX_ACC_SAMPLES)
      .refine(isTripletArray, { params: { reason: 'non_finite' }, message: 'mg must be [x, y, z] finite numbers' })
      .transform((v) => v as number[][]),
  });

  return z
    .object({
      v: z.literal(1),
      seq: z.number().int().min(0).max(0xffffffff),
      t: finiteTime,
      emg: z.object({
        fs: z.number().min(EMG_FS_RANGE_HZ.min).max(EMG_FS_RANGE_HZ.max),
        ch: z.array(z.enum(MUSCLES)).min(1).max(MAX_CHANNELS),
        uv: z.array(samples).min(1).max(MAX_CHANNELS),
      }),
      acc: accBlock.optional(),
      foot: accBlock.optional(),
      thigh: accBlock.optional(),
      temp: z.number().finite().optional(),
      bat: z.number().finite().min(0).max(1).optional(),
    })
    .superRefine((frame, ctx) => {
      const { ch, uv } = frame.emg;
      if (uv.length !== ch.length) {
        ctx.addIssue({ code: 'custom', message: `${ch.length} channels named but ${uv.length} sample arrays`, params: { reason: 'ragged_channels' } });
        return;
      }
      const length = uv[0].length;
      if (uv.some((channel) => channel.length !== length)) {
        ctx.addIssue({ code: 'custom', message: 'channel arrays differ in length', params: { reason: 'ragged_channels' } });
      }
      if (new Set(ch).size !== ch.length) {
        ctx.addIssue({ code: 'custom', message: 'a channel is named twice', params: { reason: 'bad_channel' } });
      }
    });
}

export const jsonFrameSchema = lazySchema(buildJsonFrameSchema);
export type JsonFrame = Z.infer<ReturnType<typeof buildJsonFrameSchema>>;

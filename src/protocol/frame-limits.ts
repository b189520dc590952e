// The limits of a sample frame (PROTOCOL §3, §10.5), apart from the zod schema, so that the
// decoders that only need the numbers (binary, the JSON fast paths) do not load zod.
export const MAX_PAYLOAD_BYTES = 256 * 1024;
export const MAX_CHANNELS = 8;
export const MAX_SAMPLES_PER_CHANNEL = 4096;
/** From 200 Hz (PROTOCOL 1.1 §10.5): sleep laboratories sample leg EMG at 200–512 Hz. */
export const EMG_FS_RANGE_HZ = { min: 200, max: 4000 } as const;
export const ACC_FS_RANGE_HZ = { min: 10, max: 400 } as const;

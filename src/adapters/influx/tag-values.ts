// Tags are indexed and appear in Grafana menus and queries, so only validated values become tags.
// A value that fails here is never written (the point is dropped and counted), never escaped and
// hoped for: PROTOCOL §2 says a bad device id is "never used as a tag, a file name or a query".

/** PROTOCOL §2 device id. */
export const DEVICE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** Other tag values (wearer ids, reject codes, flag codes): the same safe alphabet, plus '.' and ':'. */
export const SAFE_TAG_VALUE = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
/** Measurement, tag and field names given to record(). */
export const SAFE_NAME = /^[a-z][a-z0-9_]{0,63}$/;

export const isDeviceId = (value: unknown): value is string => typeof value === 'string' && DEVICE_ID.test(value);
export const isSafeTagValue = (value: unknown): value is string => typeof value === 'string' && SAFE_TAG_VALUE.test(value);
export const isSafeName = (value: unknown): value is string => typeof value === 'string' && SAFE_NAME.test(value);

/** The value when it is one of `allowed`, else undefined. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** Tag check for a whole tag set: `device` must be a device id, the rest safe values. */
export function validTags(tags: Record<string, string>): boolean {
  for (const [key, value] of Object.entries(tags)) {
    if (!isSafeName(key)) return false;
    if (key === 'device' ? !isDeviceId(value) : !isSafeTagValue(value)) return false;
  }
  return true;
}

// Number formatting for the printed figures: thousands separators, fixed decimals.
export const int = (x: number): string => Math.round(x).toLocaleString('en-US');
export const fixed = (x: number, digits = 1): string => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const mega = (x: number): string => `${fixed(x / 1e6, 1)} M`;
export const kib = (bytes: number): string => `${fixed(bytes / 1024, 1)} KiB`;
export const mib = (bytes: number): string => `${fixed(bytes / 2 ** 20, 1)} MiB`;
export const verdict = (ok: boolean): string => (ok ? 'meets target' : 'MISSES target');

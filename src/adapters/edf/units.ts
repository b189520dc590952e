// Physical dimensions to PROTOCOL units: EMG in µV, accelerometers in milli-g. EDF+ standard
// texts write the prefix before the unit ("uV", "mV", "V"; "g", "mg", "m/s^2").
import { EdfError } from './errors.ts';
import { printable } from './fields.ts';

const STANDARD_GRAVITY = 9.80665;

/** Factor that turns the dimension into µV; an empty dimension is taken as µV (with a note). */
export function toMicrovolts(dimension: string, label: string): { factor: number; note?: string } {
  const d = dimension.replace(/\s+/g, '');
  if (d === '') return { factor: 1, note: `"${printable(label)}" gives no physical dimension: read as µV` };
  // µ as Latin-1 (0xB5), and as UTF-8 read byte by byte ("Âµ", "Î¼")
  const factors: Record<string, number> = { nV: 1e-3, uV: 1, 'µV': 1, 'μV': 1, 'ÂµV': 1, 'Î¼V': 1, mV: 1e3, V: 1e6 };
  const factor = factors[d] ?? factors[d.replace(/^U/, 'u').replace(/v$/, 'V')];
  if (factor === undefined) throw new EdfError('bad_signal', `"${printable(label)}" is in "${printable(d)}", not a voltage: cannot read it as EMG (use --map "${printable(label)}=skip")`);
  return { factor };
}

export function toMilliG(dimension: string, label: string): number {
  const d = dimension.replace(/\s+/g, '').toLowerCase();
  if (d === 'g') return 1000;
  if (d === 'mg') return 1;
  if (d === 'm/s^2' || d === 'm/s2' || d === 'm/s²' || d === 'ms-2') return 1000 / STANDARD_GRAVITY;
  throw new EdfError('bad_signal', `accelerometer "${printable(label)}" is in "${printable(dimension)}", not g, mg or m/s^2 (use --map "${printable(label)}=skip")`);
}

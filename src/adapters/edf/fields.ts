// The header's fixed-width ASCII fields (EDF spec, Kemp et al. 1992): text left-justified and
// padded with spaces. Text fields are read as Latin-1 with control characters dropped (the EDF
// FAQ, Q1: a reader must never act on them); numeric fields must be plain decimals.
import { EdfError } from './errors.ts';

/** The field's text, trimmed; control characters (0–31, 127) removed. */
export function textField(bytes: Uint8Array, offset: number, length: number): string {
  let out = '';
  for (let i = offset; i < offset + length; i++) {
    const b = bytes[i];
    if (b < 32 || b === 127) continue;
    out += String.fromCharCode(b);
  }
  return out.trim();
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?$/;

/** A numeric field as a finite number; `what` names it in the error. */
export function numberField(bytes: Uint8Array, offset: number, length: number, what: string): number {
  const raw = textField(bytes, offset, length);
  if (!DECIMAL.test(raw)) throw new EdfError('bad_number', `${what} is "${printable(raw)}", not a number`);
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new EdfError('bad_number', `${what} is "${printable(raw)}", not a finite number`);
  return value;
}

export function integerField(bytes: Uint8Array, offset: number, length: number, what: string): number {
  const value = numberField(bytes, offset, length, what);
  if (!Number.isInteger(value)) throw new EdfError('bad_number', `${what} is ${value}, not a whole number`);
  return value;
}

/** For messages: ASCII only, so a hostile byte never reaches a terminal. */
export function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 80);
}

// EDF+ Time-stamped Annotation Lists (Kemp & Olivan 2003, §2.2.2–2.2.4): in the bytes of an
// "EDF Annotations" signal, each TAL is
//   +Onset [0x15 Duration] 0x14 Annotation 0x14 … Annotation 0x14 0x00
// with Onset in seconds from the file's start (sign obligatory) and Duration in seconds; unused
// bytes after the last TAL are 0x00. The first TAL of a record's first annotation signal is its
// time keeping: the record's own onset, with an empty first annotation. Texts are UTF-8.
import { EdfError } from './errors.ts';
import { printable } from './fields.ts';

export interface Tal {
  onsetS: number;
  /** undefined when the TAL gives none */
  durationS?: number;
  /** the annotations, empty ones (time keeping) left out */
  texts: string[];
  /** the TAL's first annotation was empty: it is (or may be) a time-keeping TAL */
  timeKeeping: boolean;
}

const ONSET = /^[+-]\d+(\.\d+)?$/;
const DURATION = /^\d+(\.\d+)?$/;
const utf8 = new TextDecoder('utf-8');
const ascii = new TextDecoder('latin1');

/** The TALs in one annotation signal's bytes of one record. `where` names it in errors. */
export function parseTals(bytes: Uint8Array, where: string): Tal[] {
  const tals: Tal[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    if (bytes[pos] === 0) {
      pos++;
      continue;
    }
    const end = bytes.indexOf(0, pos);
    if (end < 0) throw new EdfError('bad_annotation', `${where}: a TAL is not ended by a 0 byte`);
    tals.push(parseOne(bytes.subarray(pos, end), where));
    pos = end + 1;
  }
  return tals;
}

function parseOne(tal: Uint8Array, where: string): Tal {
  const firstSeparator = tal.indexOf(0x14);
  if (firstSeparator < 0) throw new EdfError('bad_annotation', `${where}: a TAL has no 0x14 after its onset`);
  const time = ascii.decode(tal.subarray(0, firstSeparator));
  const [onsetText, durationText, extra] = time.split('\x15');
  if (extra !== undefined || !ONSET.test(onsetText)) throw new EdfError('bad_annotation', `${where}: TAL onset "${printable(time)}" is not +seconds or -seconds`);
  if (durationText !== undefined && !DURATION.test(durationText)) throw new EdfError('bad_annotation', `${where}: TAL duration "${printable(durationText)}" is not a number of seconds`);
  const texts: string[] = [];
  let timeKeeping = false;
  let from = firstSeparator + 1;
  let first = true;
  while (from < tal.length) {
    let to = tal.indexOf(0x14, from);
    if (to < 0) to = tal.length; // tolerated: the last annotation without its closing 0x14
    // control characters (C0, C1) never reach a terminal or a file; the spec allows TAB, LF, CR
    const text = utf8.decode(tal.subarray(from, to)).replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
    if (text) texts.push(text);
    else if (first) timeKeeping = true;
    first = false;
    from = to + 1;
  }
  if (first) timeKeeping = true; // "+0\x14\x00": no annotation at all
  return { onsetS: Number(onsetText), durationS: durationText === undefined ? undefined : Number(durationText), texts, timeKeeping };
}

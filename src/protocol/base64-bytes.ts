// Standard base64 (RFC 4648 §4) read from bytes, checked and decoded in one pass: a capture's
// binary payloads are decoded where they lie in the unzipped file, never made into a string. The
// check and Node's decoder were two passes over a string (a RegExp for the alphabet, since Node's
// decoder skips what is not base64 instead of refusing it), ~5 % of a binary replay.
//
// Only the canonical form is taken: whole groups of four, the last one perhaps padded (`xx==`,
// `xxx=`) or cut short (`xx`, `xxx`). Anything else, an '=' inside or a lone last letter included,
// answers -1, and the caller takes the general path, which decodes it as Node does; so what this
// accepts decodes to the same bytes as Buffer.from(text, 'base64') (test/protocol/base64-bytes.test.ts).

/** above every letter's 6-bit value: a byte outside the alphabet, '=' included */
const NOT_A_LETTER = 0xff;
const PAD = 0x3d; // '='

/** each byte's 6-bit value, NOT_A_LETTER for the rest */
const LETTER_VALUES = (() => {
  const values = new Uint8Array(256).fill(NOT_A_LETTER);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) values[alphabet.charCodeAt(i)] = i;
  return values;
})();

/** The most bytes `letters` base64 letters decode to: room to leave for decodeBase64. */
export function base64DecodedBound(letters: number): number {
  return 3 * Math.ceil(letters / 4);
}

/**
 * Decodes the base64 text source[start, end) into out[at…] (which has base64DecodedBound bytes of
 * room there), and answers how many bytes it wrote; -1 when the text is not canonical base64.
 */
export function decodeBase64(source: Uint8Array, start: number, end: number, out: Uint8Array, at: number): number {
  const values = LETTER_VALUES;
  let i = start;
  let o = at;
  // whole groups of four letters; the first with any other byte ('=' or worse) ends the loop
  for (; i + 4 <= end; i += 4) {
    const a = values[source[i]];
    const b = values[source[i + 1]];
    const c = values[source[i + 2]];
    const d = values[source[i + 3]];
    if ((a | b | c | d) > 63) break; // a letter's value is at most 63, any other byte's 0xff
    out[o] = (a << 2) | (b >> 4);
    out[o + 1] = ((b & 15) << 4) | (c >> 2);
    out[o + 2] = ((c & 3) << 6) | d;
    o += 3;
  }
  // the last group: two or three letters, padded to four or not
  let letters = end - i;
  if (letters === 0) return o - at;
  if (letters > 4) return -1; // the loop stopped at a byte outside the alphabet before the last group
  if (letters === 4 && source[end - 1] === PAD) letters = source[end - 2] === PAD ? 2 : 3;
  else if (letters === 4) return -1; // a byte outside the alphabet in a whole group
  if (letters < 2) return -1;
  const a = values[source[i]];
  const b = values[source[i + 1]];
  const c = letters === 3 ? values[source[i + 2]] : 0;
  if ((a | b | c) > 63) return -1;
  out[o++] = (a << 2) | (b >> 4);
  if (letters === 3) out[o++] = ((b & 15) << 4) | (c >> 2);
  return o - at;
}

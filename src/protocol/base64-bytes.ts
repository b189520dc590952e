// A capture line's base64 payload decoded where it lies in the unzipped bytes, by Node's own
// decoder, and checked by what that decoder wrote instead of by a pass of our own over the text.
//
// The general path (JSON.parse, then Buffer.from(text, 'base64')) decodes any text the way Node
// does: letters of either base64 alphabet, anything else skipped, stopping at '='. So this path
// may decode any text to what Node makes of it, as long as the text is one JSON.parse reads as it
// is (no quote, backslash, control or non-ASCII byte). It checks that by the count: text of L
// letters and up to two trailing '=' is only ever decoded to floor(3L/4) bytes if all L are
// letters (a skipped byte or an early '=' leaves fewer, for L not 1 more than a multiple of 4),
// and letters are all plain ASCII. Any other text answers -1 and goes the general way.
// (A check a byte in JavaScript, a RegExp or a decoder of our own, cost 3–4× Node's decoding.)

const PAD = 0x3d; // '='

/** The most bytes `letters` base64 letters decode to: room to leave for decodeBase64. */
export function base64DecodedBound(letters: number): number {
  return 3 * Math.ceil(letters / 4);
}

/**
 * Decodes the base64 text source[start, end) into out[at…] (which has base64DecodedBound bytes of
 * room there), and answers how many bytes it wrote; -1 when the text is not all base64 letters
 * and up to two trailing '=' (then what was written there means nothing).
 */
export function decodeBase64(source: Buffer, start: number, end: number, out: Buffer, at: number): number {
  let pads = 0;
  if (end - start >= 1 && source[end - 1] === PAD) pads = end - start >= 2 && source[end - 2] === PAD ? 2 : 1;
  const letters = end - start - pads;
  if (letters % 4 === 1) return -1; // a lone last letter: Node would drop it, and a skipped byte could hide
  const expected = (3 * letters) >> 2;
  const written = out.write(source.toString('latin1', start, end), at, base64DecodedBound(end - start), 'base64');
  return written === expected ? written : -1;
}

// The base64 reader (src/protocol/base64-bytes.ts) decodes capture payloads where they lie in the
// unzipped bytes. Whatever text it is given, at whatever place in its array and into whatever
// place in the output, it must write the bytes Buffer.from(text, 'base64') gives, or refuse the
// text (-1); and it must refuse every text with a byte outside base64's letters (either alphabet),
// which Node's decoder would skip instead, and JSON.parse might read otherwise (a quote, a
// backslash, a control or non-ASCII byte). Canonical texts must be taken, or the fast path would
// mean nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64DecodedBound, decodeBase64 } from '../../src/protocol/base64-bytes.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** what Node's decoder also takes as letters: the URL-safe alphabet's two (RFC 4648 §5) */
const URL_LETTERS = '-_';

/** decodeBase64 of `text` placed at `offset` in its array, written at `outAt`; the bytes written, or undefined if refused */
function decoded(text: string, offset: number, outAt: number): Buffer | undefined {
  const source = Buffer.concat([Buffer.alloc(offset, 0x41), Buffer.from(text, 'latin1'), Buffer.from('"')]);
  const out = Buffer.alloc(outAt + base64DecodedBound(text.length) + 8, 0xee);
  const length = decodeBase64(source, offset, offset + text.length, out, outAt);
  if (length < 0) return undefined;
  // nothing written outside the room it was given
  expect(out.subarray(0, outAt).every((b) => b === 0xee)).toBe(true);
  expect(out.subarray(outAt + base64DecodedBound(text.length)).every((b) => b === 0xee)).toBe(true);
  return Buffer.from(out.subarray(outAt, outAt + length));
}

const bytes = fc.uint8Array({ maxLength: 64 });
const place = fc.nat(7);

describe('decodeBase64', () => {
  it('decodes every canonical text, padded or not, as Node does, at every alignment', () => {
    fc.assert(
      fc.property(bytes, fc.boolean(), place, place, (data, padded, offset, outAt) => {
        const padded64 = Buffer.from(data).toString('base64');
        const text = padded ? padded64 : padded64.replace(/=+$/, '');
        expect(decoded(text, offset, outAt)).toEqual(Buffer.from(text, 'base64'));
      }),
      { numRuns: 3000 },
    );
  });

  it('writes what Node decodes or refuses, for any text of letters, padding and a few others', () => {
    const text = fc.string({ unit: fc.oneof({ arbitrary: fc.constantFrom(...ALPHABET, ...URL_LETTERS, '=', '=', '='), weight: 20 }, { arbitrary: fc.constantFrom('"', '\\', ' ', '\n', '\u0000', 'é', '\u00ff'), weight: 1 }), maxLength: 20 });
    fc.assert(
      fc.property(text, place, place, (t, offset, outAt) => {
        const got = decoded(t, offset, outAt);
        if (got !== undefined) expect(got).toEqual(Buffer.from(t, 'base64'));
      }),
      { numRuns: 5000 },
    );
  });

  it('refuses a text with any byte outside the letters, wherever it is', () => {
    const outside = fc.integer({ min: 0, max: 255 }).filter((b) => !(ALPHABET + URL_LETTERS).includes(String.fromCharCode(b)) && b !== 0x3d);
    fc.assert(
      fc.property(bytes, outside, fc.nat(), place, (data, byte, at, offset) => {
        const valid = Buffer.from(data).toString('base64');
        const position = at % (valid.length + 1);
        const text = valid.slice(0, position) + String.fromCharCode(byte) + valid.slice(position);
        expect(decoded(text, offset, 0)).toBeUndefined();
      }),
      { numRuns: 3000 },
    );
  });

  it("refuses '=' before the last letter, and a lone last letter; takes padding of any length Node takes", () => {
    for (const text of ['QQ==QQ==', 'Q===', '====', 'QUJDR', 'Q=Q=', '=QQQ']) expect(decoded(text, 1, 1), text).toBeUndefined();
    for (const text of ['QUJD=', 'QQ=', 'QUJD', 'QQ', 'QUI', '']) expect(decoded(text, 1, 1), text).toEqual(Buffer.from(text, 'base64'));
  });
});

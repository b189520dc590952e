// The JSON frame text reader (src/protocol/json-frame-text.ts) reads a frame straight into typed
// arrays instead of JSON.parse + checkedJsonFrame + zod. Whatever text it is given, a frame
// decoded from the bytes (which goes through it) must be exactly what the general path makes of
// the same text after JSON.parse: the same samples to the bit, the same rejection code and reason.
// The texts sit near every boundary of PROTOCOL §3 and of JSON's number grammar, with edits a
// parser could get wrong (spaces, escapes, duplicate or unknown keys, exponents, leading zeros).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MUSCLES } from '../../src/core/types.ts';
import { parseCaptureLine, payloadOf, type CaptureRecord } from '../../src/ingest/capture-line.ts';
import { decodeMessage, type Payload } from '../../src/protocol/decode.ts';
import { readJsonFrameText } from '../../src/protocol/json-frame-text.ts';

const TOPIC = 'crampwatch/v1/leg-01/frames';
const encoder = new TextEncoder();

/** The text's UTF-8 bytes followed by the byte that ends them, as the reader takes a text. */
function endMarked(text: string): Uint8Array {
  return encoder.encode(`${text}\n`);
}

/** What the general path makes of a text: JSON.parse, then the parsed value's decoding. */
function reference(topic: string, text: string): ReturnType<typeof decodeMessage> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return decodeMessage(topic, { bytes: encoder.encode('\u0000not json') });
  }
  return decodeMessage(topic, { json });
}

// numbers as firmware writes them, and as JSON allows them to be written
const sample = fc.oneof(
  fc.integer({ min: -2000, max: 2000 }).map((n) => n / 10),
  fc.integer({ min: -32768, max: 32767 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: -1e-3, max: 1e-3, noNaN: true }),
  fc.constantFrom(0, -0, 0.1, 0.3, 1e21, 1e-7, 123456789012345, 1234567890123456, 0.1234567890123456, 9007199254740993, 5e-324, 1.7976931348623157e308),
);
const accBlock = fc.record(
  {
    fs: fc.oneof({ arbitrary: fc.constantFrom(10, 25, 50, 400), weight: 9 }, { arbitrary: fc.constantFrom(9, 401, 50.5), weight: 1 }),
    t: fc.double({ min: 0, max: 2e12, noNaN: true }),
    mg: fc.array(fc.tuple(sample, sample, sample), { maxLength: 6 }),
  },
  { requiredKeys: ['fs', 'mg'] },
);
const frameValue = fc
  .record({
    channels: fc.shuffledSubarray([...MUSCLES], { minLength: 1, maxLength: 3 }),
    length: fc.integer({ min: 1, max: 6 }),
    seq: fc.oneof({ arbitrary: fc.oneof(fc.nat(), fc.constant(0xffffffff)), weight: 19 }, { arbitrary: fc.constantFrom(0x100000000, -1, 1.5), weight: 1 }),
    t: fc.oneof({ arbitrary: fc.double({ min: 0, max: 2e12, noNaN: true }), weight: 19 }, { arbitrary: fc.constant(-1), weight: 1 }),
    fs: fc.oneof({ arbitrary: fc.constantFrom(200, 500, 1000, 4000), weight: 19 }, { arbitrary: fc.constantFrom(199, 4001, 1000.5), weight: 1 }),
    acc: fc.option(accBlock, { nil: undefined }),
    foot: fc.option(accBlock, { nil: undefined }),
    thigh: fc.option(accBlock, { nil: undefined }),
    temp: fc.option(sample, { nil: undefined }),
    bat: fc.option(fc.oneof({ arbitrary: fc.constantFrom(0, 1, 0.82), weight: 9 }, { arbitrary: fc.constantFrom(-0.1, 1.1), weight: 1 }), { nil: undefined }),
    samples: fc.array(sample, { minLength: 18, maxLength: 18 }),
    ragged: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
  })
  .map(({ channels, length, samples, fs, ragged, ...rest }) => {
    const uv = channels.map((_, c) => samples.slice(c * 6, c * 6 + length - (ragged && c === 1 ? 1 : 0)));
    const frame: Record<string, unknown> = { v: 1, seq: rest.seq, t: rest.t, emg: { fs, ch: channels, uv } };
    for (const key of ['acc', 'foot', 'thigh', 'temp', 'bat'] as const) if (rest[key] !== undefined) frame[key] = rest[key];
    return frame;
  });

/** Text edits at a random place: each makes the text something the reader must refuse or read right. */
const EDITS: ((text: string, at: number) => string)[] = [
  (text, at) => text.slice(0, at) + ' ' + text.slice(at),
  (text, at) => text.slice(0, at) + text.slice(at + 1),
  (text) => text.replace('"v":1', '"v":1,"v":1'),
  (text) => text.replace('"v":1', '"v":1.0'),
  (text) => text.replace('"v":1', '"v":1e0'),
  (text) => text.replace('"v":1', '"v":01'),
  (text) => text.replace('"emg":{', '"emg":{"fs":1000,'),
  (text) => text.replace('"emg":{', '"extra":[1,{"a":null}],"emg":{'),
  (text) => text.replace('"ch":["', '"ch":["\\u0073'),
  (text) => text.replace('"uv":[[', '"uv":[[1e2,'),
  (text) => text.replace('"uv":[[', '"uv":[[-1.5E-3,'),
  (text) => text.replace('"uv":[[', '"uv":[[00,'),
  (text) => text.replace('"uv":[[', '"uv":[[1.,'),
  (text) => text.replace('"uv":[[', '"uv":[[.5,'),
  (text) => text.replace('"uv":[[', '"uv":[[-,'),
  (text) => text.replace('"uv":[[', '"uv":[[1e400,'),
  (text) => text.replace('"uv":[[', '"uv":[[12345678901234567890,'),
  (text) => text.replace('"uv":[[', '"uv":[[0.30000000000000004,'),
  (text) => text.replace('"uv":[[', '"uv":[[-0.0,'),
  (text) => text.replace('"uv":[[', '"uv":[[,'),
  (text) => text.replace(']]', '],]'),
  (text) => text.replace(']]', ']]]'),
  (text) => text.replace('"mg":[', '"mg":[[1,2],'),
  (text) => text.replace('"mg":[', '"mg":[[1,2,3,4],'),
  (text) => text.replace('"seq":', '"seq":"1",').replace(/,"seq":"1",[^,]*/, ',"seq":"1"'),
  (text) => text.replace('"temp":', '"temp":null,"x":'),
  (text) => text + '}',
  (text) => text.slice(0, -1),
  (text) => text.replace('"t":', '"t":1,"t":'),
];
const frameText = fc
  .tuple(frameValue, fc.array(fc.tuple(fc.nat(EDITS.length - 1), fc.nat()), { maxLength: 2 }))
  .map(([value, edits]) => edits.reduce((text, [edit, at]) => EDITS[edit](text, at % (text.length + 1)), JSON.stringify(value)));

describe('readJsonFrameText', () => {
  it('decodes every frame text exactly as JSON.parse and the general path do, or leaves it to them', () => {
    let fast = 0;
    fc.assert(
      fc.property(frameText, (text) => {
        const read = readJsonFrameText(endMarked(text), 0);
        if (read && read.end === encoder.encode(text).length) fast++;
        expect(decodeMessage(TOPIC, { bytes: encoder.encode(text) })).toEqual(reference(TOPIC, text));
      }),
      { numRuns: 4000 },
    );
    // the texts must reach the fast path often enough for the property to mean something
    expect(fast).toBeGreaterThan(300);
  });

  it('reads a capture line as JSON.parse does, payload and all', () => {
    // topics that differ from one another only at one place, or by one letter more: each line's
    // topic is read afresh, though the reader keeps the last one to reuse its string
    const topic = fc.constantFrom(TOPIC, 'crampwatch/v1/bad id/frames', 'crampwatch/v1/leg-01/status', 'crampwatch/v1/leg-02/frames', 'crampwatch/v1/leg-011/frames', 'crampwatch/v1/leg-01/frame');
    const line = fc.tuple(frameText, topic, fc.integer({ min: 0, max: 2e12 })).map(([text, topic, rx]) => `{"rx":${rx},"topic":${JSON.stringify(topic)},"json":${text}}`);
    fc.assert(
      fc.property(line, (text) => {
        const record = parseCaptureLine(text);
        let value: CaptureRecord | undefined;
        try {
          value = JSON.parse(text) as CaptureRecord;
        } catch {
          expect(record).toMatchObject({ ok: false, code: 'bad_line' });
          return;
        }
        if ('ok' in record) return expect(record.code).toBe('bad_line');
        expect([record.rx, record.topic]).toEqual([value.rx, value.topic]);
        const payload: Payload = record.frame ?? payloadOf(record);
        expect(decodeMessage(record.topic, payload)).toEqual(decodeMessage(value.topic, { json: value.json }));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads base64 capture lines to the bytes Node decodes them to, odd and escaped ones through JSON.parse', () => {
    for (const b64 of ['Q1cBAA==', 'Q1cBAA', 'Q1cBAQ=', 'Q1cB', '', 'a+b/c=', 'a+b/c===', 'QQ==QQ==', 'a\\/b', 'a\\u0041', 'Q1c B', 'Q1cé']) {
      const line = `{"rx":1,"topic":"${TOPIC}","b64":"${b64}"}`;
      const record = parseCaptureLine(line) as CaptureRecord;
      expect(record).toMatchObject({ rx: 1, topic: TOPIC });
      const expected = Buffer.from((JSON.parse(line) as CaptureRecord).b64!, 'base64');
      expect(Buffer.from((payloadOf(record) as { bytes: Uint8Array }).bytes)).toEqual(expected);
    }
  });

  it('keeps the samples of a frame apart from the next frame, and the accelerometer block in its own array', () => {
    const a = readJsonFrameText(endMarked('{"v":1,"seq":1,"t":0,"emg":{"fs":1000,"ch":["soleus"],"uv":[[1,2]]},"acc":{"fs":50,"mg":[[1,2,3]]}}'), 0)!;
    const b = readJsonFrameText(endMarked('{"v":1,"seq":2,"t":0,"emg":{"fs":1000,"ch":["soleus"],"uv":[[3,4]]}}'), 0)!;
    expect([...a.content.emgUv[0]]).toEqual([1, 2]);
    expect([...b.content.emgUv[0]]).toEqual([3, 4]);
    expect(a.content.acc!.mg.byteLength).toBe(a.content.acc!.mg.buffer.byteLength);
  });

  it("gives each frame its own channel list's names, shared only while frames repeat it", () => {
    const frame = (ch: string[]) => `{"v":1,"seq":1,"t":0,"emg":{"fs":1000,"ch":${JSON.stringify(ch)},"uv":${JSON.stringify(ch.map(() => [1]))}}}`;
    const lists = [['soleus'], ['soleus'], ['soleus', 'gastrocnemius'], ['gastrocnemius', 'soleus'], ['gastrocnemius'], ['soleus']];
    const read = lists.map((ch) => readJsonFrameText(endMarked(frame(ch)), 0)!.content.channels);
    expect(read).toEqual(lists);
    expect(read[1]).toBe(read[0]);
    expect(read[3]).not.toBe(read[2]);
    // a refused frame (a channel named twice) leaves the next frame's list as it is
    expect(readJsonFrameText(endMarked(frame(['soleus', 'soleus'])), 0)).toBeUndefined();
    expect(readJsonFrameText(endMarked(frame(['soleus'])), 0)!.content.channels).toEqual(['soleus']);
  });
});

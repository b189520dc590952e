// Property tests: whatever arrives, the ingester never throws, counts every rejection by reason,
// never hands an invalid device id or a non-finite sample to the core, and keeps processing the
// valid frames in between.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CoreSink } from '../../src/core/types.ts';
import { Ingestor } from '../../src/ingest/ingestor.ts';
import { parseCaptureLine } from '../../src/ingest/capture-line.ts';
import { DEVICE_ID_PATTERN } from '../../src/protocol/topics.ts';
import { recordingCores } from '../helpers/recording-core.ts';

const noSink: CoreSink = { episode() {}, signal() {}, limbMovement() {} };

function validFrame(seq: number) {
  return { v: 1, seq, t: 1764201600000 + seq * 100, emg: { fs: 1000, ch: ['gastrocnemius'], uv: [[1, 2, 3]] } };
}

const nasty = fc.oneof(
  fc.constant('../'),
  fc.constant('#'),
  fc.constant('+'),
  fc.constant('a,b=c d'),
  fc.constant('x\ny'),
  fc.constant('"quoted"'),
  fc.constant('\u0000'),
  fc.string(),
);

const topicArb = fc.oneof(
  fc.constant('crampwatch/v1/leg-01/frames'),
  nasty.map((id) => `crampwatch/v1/${id}/frames`),
  fc.tuple(nasty, fc.constantFrom('frames', 'profile', 'context', 'status', 'episodes', '../x')).map(([id, kind]) => `crampwatch/v1/${id}/${kind}`),
  fc.string(),
);

const jsonish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.double(),
    fc.integer(),
    fc.constantFrom(Number.NaN, Infinity, -Infinity, 1e308, -0, 2 ** 53, 2 ** 32),
    fc.string(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.constantFrom('v', 'seq', 't', 'emg', 'fs', 'ch', 'uv', 'acc', 'mg', 'bat', 'x'), tie('value'), { maxKeys: 6 }),
  ),
})).value;

const mutatedFrame = fc.record({
  v: fc.oneof(fc.constant(1), jsonish),
  seq: fc.oneof(fc.nat(), jsonish),
  t: fc.oneof(fc.constant(1764201600000), jsonish),
  emg: fc.oneof(
    fc.record({
      fs: fc.oneof(fc.constantFrom(1000, 0, -1, 1e9, Number.NaN), jsonish),
      ch: fc.oneof(fc.constant(['gastrocnemius']), fc.array(fc.constantFrom('gastrocnemius', 'soleus', 'nope', ''), { maxLength: 10 })),
      uv: fc.oneof(fc.array(fc.array(fc.oneof(fc.double(), jsonish), { maxLength: 8 }), { maxLength: 10 }), jsonish),
    }),
    jsonish,
  ),
});

const payloadArb = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ bytes })),
  fc.string().map((s) => ({ bytes: Buffer.from(s) })),
  jsonish.map((json) => ({ bytes: Buffer.from(JSON.stringify(json) ?? 'null') })),
  mutatedFrame.map((json) => ({ bytes: Buffer.from(JSON.stringify(json)) })),
  mutatedFrame.map((json) => ({ json })),
  fc.uint8Array({ minLength: 1, maxLength: 200 }).map((tail) => ({ bytes: Uint8Array.from([0x43, 0x57, 1, ...tail]) })),
  fc.string({ maxLength: 40 }).map((s) => ({ bytes: Buffer.from('{"v":1,"seq":1,"t":1,"emg":' + s) })),
);

describe('Ingestor under arbitrary input', () => {
  it('never throws, counts every message, and never lets bad values into the core', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(topicArb, payloadArb), { maxLength: 40 }), (messages) => {
        const cores = recordingCores();
        const rejected: string[] = [];
        const ingestor = new Ingestor(cores.factory, noSink, { rejected: (r) => rejected.push(r.code) });
        let validSeq = 0;
        let validSent = 0;
        messages.forEach(([topic, payload], i) => {
          ingestor.handle(topic, payload, i);
          // interleave a valid frame after every message: it must always get through
          ingestor.handle('crampwatch/v1/good/frames', { bytes: Buffer.from(JSON.stringify(validFrame(validSeq++))) }, i);
          validSent++;
        });
        ingestor.finish();
        const good = cores.byDevice.get('good');
        expect(good?.frames.length ?? 0).toBe(validSent);
        let total = 0;
        for (const n of ingestor.rejects.values()) total += n;
        expect(total).toBe(rejected.length);
        for (const [device, recorded] of cores.byDevice) {
          expect(device).toMatch(DEVICE_ID_PATTERN);
          for (const f of recorded.frames) {
            expect(f.emgFsHz).toBeGreaterThanOrEqual(200);
            expect(f.emgUv.length).toBe(f.channels.length);
            for (const channel of f.emgUv) for (const x of channel) expect(Number.isFinite(x)).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('parses any capture line into a record or a bad_line rejection, never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), jsonish.map((j) => JSON.stringify(j) ?? '')), (line) => {
        const parsed = parseCaptureLine(line);
        if ('ok' in parsed) expect(parsed.code).toBe('bad_line');
        else expect(typeof parsed.topic).toBe('string');
      }),
      { numRuns: 500 },
    );
  });
});

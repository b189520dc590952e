// The diary at the edge (PROTOCOL §10.4): what is taken, and what is turned away with which code,
// counted by the Ingestor like every other message.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ingestor } from '../../src/ingest/ingestor.ts';
import { decodeMessage } from '../../src/protocol/decode.ts';
import type { RejectCode } from '../../src/protocol/rejection.ts';
import { INBOUND_SUBSCRIPTIONS, topicFor } from '../../src/protocol/topics.ts';
import { countingCores } from '../helpers/counting-core.ts';

const NIGHT = '2026-11-26';
const EVENING_MS = Date.parse('2026-11-26T22:00:00Z');
const TOPIC = topicFor.diary('leg-01');

const diary = (extra: Record<string, unknown> = {}) => ({ v: 1, t: EVENING_MS + 10 * 3_600_000, night: NIGHT, cramps: [{ at: EVENING_MS + 5 * 3_600_000, muscle: 'calf', pain: 7, minutes: 2 }], ...extra });
const json = (value: unknown) => ({ bytes: new TextEncoder().encode(JSON.stringify(value)) });

describe('diary messages', () => {
  it('are subscribed to', () => {
    expect(INBOUND_SUBSCRIPTIONS).toContain('crampwatch/v1/+/diary');
  });

  it.each([
    ['a full diary', diary()],
    ['"I felt none"', diary({ cramps: [] })],
    ['only `at`', diary({ cramps: [{ at: EVENING_MS + 3_600_000 }] })],
    ['unknown extra fields (ignored)', diary({ app: '2.1', cramps: [{ at: EVENING_MS, side: 'left' }] })],
    ['pain 0 and 10, fractional minutes', diary({ cramps: [{ at: EVENING_MS, pain: 0, minutes: 0.5 }, { at: EVENING_MS + 60_000, pain: 10 }] })],
    ['a cramp just after the evening began in UTC+14', diary({ cramps: [{ at: Date.parse('2026-11-25T22:30:00Z') }] })],
    ['a cramp the next morning in UTC−12', diary({ cramps: [{ at: Date.parse('2026-11-27T23:30:00Z') }] })],
  ])('takes %s', (_, payload) => {
    const message = decodeMessage(TOPIC, json(payload));
    expect(message.ok).toBe(true);
    if (message.ok && message.kind === 'diary') expect(message.diary.night).toBe(NIGHT);
  });

  const REJECTED: [string, string, unknown, RejectCode][] = [
    ['version 2', TOPIC, diary({ v: 2 }), 'unsupported_version'],
    ['no night', TOPIC, { v: 1, t: 1, cramps: [] }, 'bad_schema'],
    ['no cramps list', TOPIC, { v: 1, t: 1, night: NIGHT }, 'bad_schema'],
    ['a night that is not a date', TOPIC, diary({ night: 'last night' }), 'bad_schema'],
    ['a night that is not in the calendar', TOPIC, diary({ night: '2026-02-31', cramps: [] }), 'bad_schema'],
    ['a cramp without `at`', TOPIC, diary({ cramps: [{ muscle: 'calf' }] }), 'bad_schema'],
    ['`at` as text', TOPIC, diary({ cramps: [{ at: '03:10' }] }), 'bad_schema'],
    ['a muscle that is not calf, thigh or foot', TOPIC, diary({ cramps: [{ at: EVENING_MS, muscle: 'arm' }] }), 'bad_schema'],
    ['pain 11', TOPIC, diary({ cramps: [{ at: EVENING_MS, pain: 11 }] }), 'bad_schema'],
    ['negative minutes', TOPIC, diary({ cramps: [{ at: EVENING_MS, minutes: -1 }] }), 'bad_schema'],
    ['a cramp two days after the night', TOPIC, diary({ cramps: [{ at: EVENING_MS + 50 * 3_600_000 }] }), 'bad_schema'],
    ['a cramp the evening before the night, in any zone', TOPIC, diary({ cramps: [{ at: Date.parse('2026-11-25T20:00:00Z') }] }), 'bad_schema'],
    ['51 cramps', TOPIC, diary({ cramps: Array.from({ length: 51 }, (_, i) => ({ at: EVENING_MS + i * 60_000 })) }), 'bad_schema'],
    ['a bad device id', 'crampwatch/v1/../diary', diary(), 'bad_device_id'],
  ];
  it.each(REJECTED)('turns away %s', (_, topic, payload, code) => {
    const message = decodeMessage(topic, json(payload));
    expect(message.ok).toBe(false);
    if (!message.ok) expect(message.code).toBe(code);
  });

  it('turns away what is not JSON, or too large', () => {
    expect(decodeMessage(TOPIC, { bytes: new TextEncoder().encode('felt one at 3') })).toMatchObject({ ok: false, code: 'bad_json' });
    const huge = diary({ note: 'x'.repeat(300 * 1024) });
    expect(decodeMessage(TOPIC, json(huge))).toMatchObject({ ok: false, code: 'too_large' });
  });

  it('is counted by the Ingestor, rejected by code or handed on', () => {
    const received: unknown[] = [];
    const ingestor = new Ingestor(countingCores().factory, { episode() {}, signal() {}, limbMovement() {} }, {
      rejected: () => {},
      message: (message) => received.push(message),
    });
    for (const [, topic, payload] of REJECTED) ingestor.handle(topic, json(payload), 0);
    ingestor.handle(TOPIC, json(diary()), 0);
    ingestor.handle(TOPIC, { json: diary({ cramps: [] }) }, 0);
    expect(Object.fromEntries(ingestor.rejects)).toEqual({ unsupported_version: 1, bad_schema: 12, bad_device_id: 1 });
    expect(received).toHaveLength(2);
    expect(received[0]).toMatchObject({ kind: 'diary', device: 'leg-01' });
  });

  it('never throws, whatever a diary holds', () => {
    const loose = fc.record({ v: fc.oneof(fc.constant(1), fc.anything()), t: fc.anything(), night: fc.oneof(fc.string(), fc.constant('2026-13-45'), fc.constant(NIGHT)), cramps: fc.oneof(fc.anything(), fc.array(fc.record({ at: fc.oneof(fc.double(), fc.anything()), muscle: fc.anything(), pain: fc.double(), minutes: fc.double() }, { requiredKeys: [] }))) }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.oneof(loose, fc.anything()), (payload) => {
        const message = decodeMessage(TOPIC, { json: payload });
        expect(typeof message.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });
});

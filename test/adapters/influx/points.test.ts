// Conversions to points are pure: every input gives a point the schema accepts, or a reason.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MUSCLES, POSTURES, type Episode } from '../../../src/core/types.ts';
import { causesText, episodePoint, recordPoint, signalPoint } from '../../../src/adapters/influx/points.ts';
import { createInfluxClient } from '../../../src/adapters/influx/client.ts';
import { DEVICE_ID } from '../../../src/adapters/influx/tag-values.ts';

// parsePoint is the client's own schema check; no server is contacted
const client = createInfluxClient({ url: 'http://127.0.0.1:1', database: 'crampwatch' });
const accepted = (p: { measurement: string; tags: Record<string, string>; fields: Record<string, unknown>; tMs: number }) =>
  client.parsePoint({ measurement: p.measurement, tags: p.tags, fields: p.fields, timestamp: p.tMs }, { precision: 'ms' });

const episode: Episode = {
  v: 1,
  event: 'open',
  id: 'leg-01-1',
  device: 'leg-01',
  muscle: 'soleus',
  start: 1000.6,
  detected_at: 3000,
  peak_uv: 100,
  severity: 'mild',
  posture_before: 'supine',
  causes: [],
};

describe('episodePoint', () => {
  it('rounds times to whole ms, leaves out what an open event does not have yet', () => {
    const c = episodePoint(episode);
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(c.point.tMs).toBe(1001);
    expect(c.point.rp).toBe('autogen');
    expect(c.point.fields).not.toHaveProperty('end');
    expect(c.point.fields).not.toHaveProperty('duration_s');
    expect(c.point.fields.causes_text).toBe('no likely cause found');
    expect(c.point.tags).toEqual({ device: 'leg-01', muscle: 'soleus', severity: 'mild', posture_before: 'supine', event: 'open' });
    expect(() => accepted(c.point)).not.toThrow();
  });

  it('keeps a wearer or leg that is not a safe tag value out of the tags', () => {
    const c = episodePoint({ ...episode, wearer: 'Jane Doe, 67', leg: 'both' });
    expect(c.ok && c.point.tags).toEqual({ device: 'leg-01', muscle: 'soleus', severity: 'mild', posture_before: 'supine', event: 'open' });
  });

  it('says which causes are tagged, in plain words', () => {
    const text = causesText([
      { cause: 'poor_circulation', confidence: 0.62, evidence: ['feet cold'] },
      { cause: 'medication', confidence: 0.2, evidence: [] },
    ]);
    expect(text).toBe('poor circulation (62%): feet cold | medication (20%)');
  });
});

describe('signalPoint', () => {
  it('accepts any valid device and finite or missing numbers, and never makes a tag of anything else', () => {
    const maybe = fc.option(fc.double(), { nil: undefined });
    fc.assert(
      fc.property(
        fc.string({ minLength: 0, maxLength: 70 }),
        fc.double({ min: 0, max: 4e12, noNaN: true }),
        fc.dictionary(fc.constantFrom(...MUSCLES), fc.double()),
        fc.constantFrom(...POSTURES),
        maybe,
        maybe,
        fc.double(),
        (device, tMs, envelopeUv, posture, ankle, temp, contact) => {
          const c = signalPoint({ device, tMs, envelopeUv, posture, ankleFlexionDeg: ankle, tempC: temp, contact });
          if (!DEVICE_ID.test(device)) return !c.ok;
          if (!c.ok) return false;
          expect(() => accepted(c.point)).not.toThrow();
          expect(Object.values(c.point.fields).every((v) => typeof v !== 'number' || Number.isFinite(v))).toBe(true);
          return Number.isInteger(c.point.tMs) && c.point.rp === 'signals';
        },
      ),
    );
  });
});

describe('recordPoint', () => {
  it('refuses names and tag values that are not safe, and the store\'s own measurements', () => {
    expect(recordPoint('night_summary', { wearer: 'w-017' }, { cramps: 2 }, 0).ok).toBe(true);
    expect(recordPoint('night summary', {}, { cramps: 2 }, 0)).toEqual({ ok: false, reason: 'bad_measurement' });
    expect(recordPoint('signal', {}, { cramps: 2 }, 0)).toEqual({ ok: false, reason: 'bad_measurement' });
    expect(recordPoint('doctor_flag', { device: 'a b' }, { x: 1 }, 0)).toEqual({ ok: false, reason: 'bad_tag' });
    expect(recordPoint('doctor_flag', { code: 'x=1' }, { x: 1 }, 0)).toEqual({ ok: false, reason: 'bad_tag' });
    expect(recordPoint('doctor_flag', {}, { 'a b': 1 }, 0)).toEqual({ ok: false, reason: 'bad_field_name' });
    expect(recordPoint('doctor_flag', {}, { x: Number.NaN }, 0)).toEqual({ ok: false, reason: 'no_fields' });
  });
});

// EDF+ TALs (Kemp & Olivan 2003, §2.2): onsets, durations, several annotations, time keeping,
// and malformed ones as coded errors.
import { describe, expect, it } from 'vitest';
import { EdfError } from '../../../src/adapters/edf/errors.ts';
import { parseTals } from '../../../src/adapters/edf/tal.ts';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('TAL parser', () => {
  it('reads the time-keeping TAL, then annotations with and without duration', () => {
    const tals = parseTals(bytes('+180\x14\x14\x00+180.5\x1525.5\x14Limb Movement (Left)\x14\x00+181\x14Arousal\x14Leg cramp\x14\x00\x00\x00\x00'), 'record 1');
    expect(tals).toEqual([
      { onsetS: 180, durationS: undefined, texts: [], timeKeeping: true },
      { onsetS: 180.5, durationS: 25.5, texts: ['Limb Movement (Left)'], timeKeeping: false },
      { onsetS: 181, durationS: undefined, texts: ['Arousal', 'Leg cramp'], timeKeeping: false },
    ]);
  });

  it('reads negative onsets and UTF-8 text, and drops control characters', () => {
    const [tal] = parseTals(bytes('-0.065\x14Beinbewegung rechts \x1b[31m\x14\x00'), 'record 1');
    expect(tal.onsetS).toBe(-0.065);
    expect(tal.texts).toEqual(['Beinbewegung rechts  [31m']);
  });

  const bad: [string, string][] = [
    ['an onset without sign', '180\x14\x14\x00'],
    ['an onset that is not a number', '+1e5\x14\x14\x00'],
    ['a duration that is not a number', '+1\x15-2\x14LM\x14\x00'],
    ['two durations', '+1\x152\x153\x14LM\x14\x00'],
    ['no 0x14 after the onset', '+1\x00'],
    ['no closing 0 byte', '+1\x14\x14'],
  ];
  it.each(bad)('rejects %s', (_name, text) => {
    expect(() => parseTals(bytes(text), 'record 3')).toThrow(EdfError);
    try {
      parseTals(bytes(text), 'record 3');
    } catch (error) {
      expect((error as EdfError).code).toBe('bad_annotation');
      expect((error as EdfError).message).toMatch(/^record 3: /);
    }
  });

  it('reads an all-zero signal as no TALs', () => {
    expect(parseTals(new Uint8Array(64), 'record 1')).toEqual([]);
  });
});

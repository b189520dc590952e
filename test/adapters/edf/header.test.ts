// The EDF header reader: the spec's fields and date rules, and hostile headers that must give a
// coded error — never a crash, never an allocation beyond the file's real size.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdfError, type EdfErrorCode } from '../../../src/adapters/edf/errors.ts';
import { parseEdfHeader } from '../../../src/adapters/edf/header.ts';
import { openEdf } from '../../../src/adapters/edf/records.ts';
import { parseStartClock } from '../../../src/adapters/edf/start-time.ts';
import { edfToCapture } from '../../../src/adapters/edf/to-capture.ts';
import { decodeMessage } from '../../../src/protocol/decode.ts';
import { emgSignal, FIELD, setField, writeEdf, type EdfSpec } from './edf-writer.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-edf-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const TWO_RECORDS: EdfSpec = {
  variant: 'EDF+C',
  startDate: '26.11.26',
  startTime: '23.10.05',
  recordDurationS: 1,
  records: 2,
  signals: [emgSignal('Leg/L', 200, 1, new Float32Array(400))],
  annotations: [{ onsetS: 0.5, durationS: 1, text: 'LM' }],
};

async function open(bytes: Uint8Array) {
  const path = join(dir, `f-${Math.random().toString(36).slice(2)}.edf`);
  await writeFile(path, bytes);
  const edf = await openEdf(path);
  try {
    const records = [];
    for await (const r of edf.records()) records.push(r.onsetS);
    return { header: edf.header, records };
  } finally {
    await edf.close();
  }
}

async function failure(bytes: Uint8Array): Promise<EdfErrorCode> {
  try {
    await open(bytes);
  } catch (error) {
    if (error instanceof EdfError) return error.code;
    throw error;
  }
  throw new Error('expected an EdfError');
}

/** Overwrites the first signal's field at `offset` (within the per-signal blocks; one signal + annotations = 2). */
function signalField(bytes: Uint8Array, blockOffset: number, width: number, text: string, ns = 2): Uint8Array {
  return setField(bytes, 256 + blockOffset * ns, width, text);
}

describe('EDF header', () => {
  it('reads a well-made EDF+ file', async () => {
    const { header, records } = await open(writeEdf(TWO_RECORDS));
    expect(header.variant).toBe('EDF+C');
    expect(header.records).toBe(2);
    expect(header.signals.map((s) => [s.label, s.fsHz, s.isAnnotations])).toEqual([
      ['Leg/L', 200, false],
      ['EDF Annotations', expect.any(Number), true],
    ]);
    expect(header.start).toEqual({ year: 2026, month: 11, day: 26, hour: 23, minute: 10, second: 5 });
    expect(records).toEqual([0, 1]);
  });

  it('reads BDF (24-bit) headers', async () => {
    const { header } = await open(writeEdf({ ...TWO_RECORDS, variant: 'BDF', annotations: undefined, signals: [{ ...emgSignal('LAT', 256, 1, []), digitalMin: -8388608, digitalMax: 8388607 }] }));
    expect(header.variant).toBe('BDF');
    expect(header.sampleBytes).toBe(3);
    expect(header.recordBytes).toBe(256 * 3);
  });

  it('applies the 1985 clipping rule and prefers the EDF+ 4-digit start date', () => {
    expect(parseStartClock('01.02.85', '00.00.00', '').year).toBe(1985);
    expect(parseStartClock('01.02.99', '00.00.00', '').year).toBe(1999);
    expect(parseStartClock('01.02.00', '00.00.00', '').year).toBe(2000);
    expect(parseStartClock('01.02.84', '00.00.00', '').year).toBe(2084);
    expect(parseStartClock('01.02.yy', '00.00.00', 'Startdate 01-FEB-2091 X X X')).toMatchObject({ year: 2091, month: 2, day: 1 });
    expect(parseStartClock('02.03.02', '10.11.12', 'Startdate 02-MAR-2002 PSG-1234/2002 NN Telemetry03')).toEqual({ year: 2002, month: 3, day: 2, hour: 10, minute: 11, second: 12 });
    expect(parseStartClock(' 2. 8.51', '10.11.12', '').year).toBe(2051);
    expect(() => parseStartClock('01.02.yy', '00.00.00', 'Startdate X X X X')).toThrow(EdfError);
  });

  const valid = writeEdf(TWO_RECORDS);
  const hostile: [string, Uint8Array, EdfErrorCode][] = [
    ['an empty file', new Uint8Array(0), 'truncated_header'],
    ['a file cut inside the fixed header', valid.slice(0, 200), 'truncated_header'],
    ['a PNG', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(300).fill(0)]), 'not_edf'],
    ['zero signals', setField(valid, FIELD.signals, 4, '0'), 'bad_signal_count'],
    ['a negative number of signals', setField(valid, FIELD.signals, 4, '-5'), 'bad_signal_count'],
    ['9999 signals in a small file', setField(valid, FIELD.signals, 4, '9999'), 'bad_signal_count'],
    ['a signal count that is not a number', setField(valid, FIELD.signals, 4, 'two'), 'bad_number'],
    ['a header size that disagrees with the signals', setField(valid, FIELD.headerBytes, 8, '1024'), 'bad_header_size'],
    ['a record count of −7', setField(valid, FIELD.records, 8, '-7'), 'bad_record_count'],
    ['more records than the file holds', setField(valid, FIELD.records, 8, '99999999'), 'truncated_records'],
    ['a record count of 1e300', setField(valid, FIELD.records, 8, '1e300'), 'truncated_records'],
    ['a record count of 2.5', setField(valid, FIELD.records, 8, '2.5'), 'bad_number'],
    ['a record duration of 0', setField(valid, FIELD.duration, 8, '0'), 'bad_record_duration'],
    ['a negative record duration', setField(valid, FIELD.duration, 8, '-1'), 'bad_record_duration'],
    ['a record duration of a year', setField(valid, FIELD.duration, 8, '31536000'), 'bad_record_duration'],
    ['a record duration of NaN', setField(valid, FIELD.duration, 8, 'NaN'), 'bad_number'],
    ['99999999 samples a record', signalField(valid, 216, 8, '99999999'), 'bad_samples'],
    ['zero samples a record', signalField(valid, 216, 8, '0'), 'bad_samples'],
    ['negative samples a record', signalField(valid, 216, 8, '-200'), 'bad_samples'],
    ['fractional samples a record', signalField(valid, 216, 8, '200.5'), 'bad_number'],
    ['a physical minimum equal to the maximum', signalField(signalField(valid, 104, 8, '5'), 112, 8, '5'), 'bad_range'],
    ['a digital minimum equal to the maximum', signalField(valid, 120, 8, '32767'), 'bad_range'],
    ['a digital range beyond 16 bits', signalField(valid, 128, 8, '65535'), 'bad_range'],
    ['a physical maximum of 1e99', signalField(valid, 112, 8, '1e99'), 'bad_range'],
    ['a physical minimum with non-ASCII bytes', signalField(valid, 104, 8, '-3\xb5\xff'), 'bad_number'],
    ['a start date of 31.13.26', setField(valid, FIELD.startDate, 8, '31.13.26'), 'bad_start_time'],
    ['a start time of 25.00.00', setField(valid, FIELD.startTime, 8, '25.00.00'), 'bad_start_time'],
    ['a cut-off last record', valid.slice(0, valid.length - 7), 'truncated_records'],
    ['an EDF+D without annotations', setField(writeEdf({ ...TWO_RECORDS, variant: 'EDF', annotations: undefined }), FIELD.reserved, 44, 'EDF+D'), 'bad_annotation'],
  ];
  it.each(hostile)('rejects %s with a coded error', async (_name, bytes, code) => {
    expect(await failure(bytes)).toBe(code);
  });

  it('keeps non-ASCII labels readable and harmless', async () => {
    const { header } = await open(signalField(valid, 0, 16, 'Bein\xe9 L\x1b[2J'));
    expect(header.signals[0].label).toBe('Beiné L[2J');
  });

  it('reads the complete records of a file still being written (−1 records)', async () => {
    const growing = setField(valid, FIELD.records, 8, '-1');
    const { header, records } = await open(growing.slice(0, growing.length - 3));
    expect(header.records).toBe(1);
    expect(records).toEqual([0]);
    expect(header.warnings.join(' ')).toMatch(/incomplete data record/);
  });

  it('never allocates from a count the file cannot hold: the header parser checks first', () => {
    // 4 million signals would be a 1 GiB header; the 256-byte check refuses before reading it
    const fixed = setField(valid, FIELD.signals, 4, '4000').slice(0, 256);
    expect(() => parseEdfHeader(fixed, 2_000)).toThrow(/room for the headers of 6 at most/);
  });
});

describe('EDF reader, whatever the bytes', () => {
  it('either reads a mutated or cut file or refuses it with an EdfError, never anything else', async () => {
    const fc = (await import('fast-check')).default;
    const base = writeEdf({ ...TWO_RECORDS, annotations: [{ onsetS: 0.5, durationS: 1, text: 'LM' }, { onsetS: 1.2, text: 'Arousal' }] });
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }),
        fc.option(fc.nat({ max: base.length }), { nil: undefined }),
        async (edits, cut) => {
          const bytes = base.slice(0, cut ?? base.length);
          // most edits land in the header or the annotation bytes, where the parsing is
          for (const [at, value] of edits) if (at < bytes.length) bytes[at < 1200 ? at : bytes.length - 1 - (at % 200)] = value;
          try {
            await open(bytes);
            // and the whole import: every frame it makes is one the pipeline accepts
            const path = join(dir, 'fuzz.edf');
            await writeFile(path, bytes);
            const edf = await openEdf(path);
            const lines: { topic: string; json: unknown }[] = [];
            try {
              await edfToCapture(edf, { write: (line) => lines.push(line) > 0, drained: async () => {} }, { base: 'fuzz', map: new Map() });
            } finally {
              await edf.close();
            }
            for (const line of lines) expect(decodeMessage(line.topic, { json: line.json }).ok).toBe(true);
          } catch (error) {
            if (!(error instanceof EdfError)) throw error;
            refused++;
          }
        },
      ),
      { numRuns: Number(process.env.EDF_FUZZ_RUNS ?? 300) },
    );
    expect(refused).toBeGreaterThan(0);
  });
});

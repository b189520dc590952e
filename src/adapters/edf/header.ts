// The EDF/EDF+/BDF header: 256 bytes for the recording, then 256 for each signal, field by field
// (Kemp et al. 1992, EDF; Kemp & Olivan 2003, EDF+ — edfplus.info/specs). BDF (BioSemi) is the
// same layout with 24-bit samples and 0xFF "BIOSEMI" as its version. Every count is checked
// against the file's real size before anything is allocated from it.
import { EdfError } from './errors.ts';
import { integerField, numberField, printable, textField } from './fields.ts';
import { parseStartClock, type WallClock } from './start-time.ts';

export const FIXED_HEADER_BYTES = 256;
export const SIGNAL_HEADER_BYTES = 256;
/** Longest data record accepted, s: EDF records are usually 1–30 s; a day is far beyond any. */
const MAX_RECORD_S = 86_400;
const MAX_PHYSICAL = 1e30;

export type EdfVariant = 'EDF' | 'EDF+C' | 'EDF+D' | 'BDF' | 'BDF+C' | 'BDF+D';

export interface EdfSignal {
  index: number;
  label: string;
  transducer: string;
  physicalDimension: string;
  physicalMin: number;
  physicalMax: number;
  digitalMin: number;
  digitalMax: number;
  prefiltering: string;
  samplesPerRecord: number;
  /** samplesPerRecord / record duration */
  fsHz: number;
  isAnnotations: boolean;
  /** byte offset of this signal inside a data record */
  offsetInRecord: number;
}

export interface EdfHeader {
  variant: EdfVariant;
  /** bytes per sample: 2 (EDF) or 3 (BDF) */
  sampleBytes: 2 | 3;
  patient: string;
  recording: string;
  start: WallClock;
  headerBytes: number;
  /** complete data records the file holds (the declared count, or derived when it says −1) */
  records: number;
  recordDurationS: number;
  recordBytes: number;
  signals: EdfSignal[];
  /** things a reader should know but that do not stop it */
  warnings: string[];
}

/** The number of signals, from the first 256 bytes: how much more header to read. */
export function signalCountOf(fixed: Uint8Array, fileBytes: number): number {
  if (fixed.length < FIXED_HEADER_BYTES) throw new EdfError('truncated_header', `the file is ${fileBytes} bytes, shorter than the 256-byte EDF header`);
  variantOf(fixed);
  const ns = integerField(fixed, 252, 4, 'number of signals');
  const most = Math.floor((fileBytes - FIXED_HEADER_BYTES) / SIGNAL_HEADER_BYTES);
  if (ns < 1) throw new EdfError('bad_signal_count', `number of signals is ${ns}; an EDF file has at least one`);
  if (ns > most) throw new EdfError('bad_signal_count', `number of signals is ${ns}, but a file of ${fileBytes} bytes has room for the headers of ${most} at most`);
  return ns;
}

function variantOf(fixed: Uint8Array): { bdf: boolean } {
  if (fixed[0] === 0xff && textField(fixed, 1, 7) === 'BIOSEMI') return { bdf: true };
  if (textField(fixed, 0, 8) === '0') return { bdf: false };
  throw new EdfError('not_edf', `the version field is "${printable(textField(fixed, 0, 8))}": not EDF ("0") nor BDF (0xFF "BIOSEMI")`);
}

/**
 * Parses the whole header (`head` holds at least 256 × (signals + 1) bytes); `fileBytes` is the
 * file's size, the bound for every count in it.
 */
export function parseEdfHeader(head: Uint8Array, fileBytes: number): EdfHeader {
  const ns = signalCountOf(head, fileBytes);
  const { bdf } = variantOf(head);
  const warnings: string[] = [];
  const headerBytes = integerField(head, 184, 8, 'number of bytes in header');
  const expected = FIXED_HEADER_BYTES + ns * SIGNAL_HEADER_BYTES;
  if (headerBytes !== expected) throw new EdfError('bad_header_size', `number of bytes in header is ${headerBytes}, but ${ns} signals make ${expected}`);
  if (head.length < expected) throw new EdfError('truncated_header', `the file ends inside the signal headers (${head.length} of ${expected} bytes)`);

  const reserved = textField(head, 192, 44);
  const plus = /^(EDF|BDF)\+([CD])/.exec(reserved);
  const variant: EdfVariant = plus ? (`${bdf ? 'BDF' : 'EDF'}+${plus[2]}` as EdfVariant) : bdf ? 'BDF' : 'EDF';
  const patient = textField(head, 8, 80);
  const recording = textField(head, 88, 80);
  const start = parseStartClock(textField(head, 168, 8), textField(head, 176, 8), plus ? recording : '');
  const declaredRecords = integerField(head, 236, 8, 'number of data records');
  if (declaredRecords < -1) throw new EdfError('bad_record_count', `number of data records is ${declaredRecords}; only −1 (unknown) may be negative`);
  const recordDurationS = numberField(head, 244, 8, 'duration of a data record');

  const sampleBytes = bdf ? 3 : 2;
  const digitalLimit = bdf ? 8_388_608 : 32_768;
  const field = (start: number, width: number, k: number) => start * ns + k * width;
  // the per-signal fields come in blocks: all labels, then all transducers, …
  const base = FIXED_HEADER_BYTES;
  const offsets = { label: 0, transducer: 16, dimension: 96, physMin: 104, physMax: 112, digMin: 120, digMax: 128, prefilter: 136, samples: 216 };
  const signals: EdfSignal[] = [];
  let recordBytes = 0;
  for (let k = 0; k < ns; k++) {
    const at = (offset: number, width: number) => base + field(offset, width, k);
    const label = textField(head, at(offsets.label, 16), 16);
    const name = `signal ${k + 1} ("${printable(label)}")`;
    const samplesPerRecord = integerField(head, at(offsets.samples, 8), 8, `${name}: samples in each data record`);
    if (samplesPerRecord < 1) throw new EdfError('bad_samples', `${name} has ${samplesPerRecord} samples a record; at least 1 is needed`);
    const physicalMin = numberField(head, at(offsets.physMin, 8), 8, `${name}: physical minimum`);
    const physicalMax = numberField(head, at(offsets.physMax, 8), 8, `${name}: physical maximum`);
    const digitalMin = integerField(head, at(offsets.digMin, 8), 8, `${name}: digital minimum`);
    const digitalMax = integerField(head, at(offsets.digMax, 8), 8, `${name}: digital maximum`);
    const isAnnotations = plus !== null && (label === 'EDF Annotations' || label === 'BDF Annotations');
    if (!isAnnotations) {
      if (physicalMin === physicalMax) throw new EdfError('bad_range', `${name}: physical minimum and maximum are both ${physicalMin}`);
      // samples are kept as float32 (±3.4e38): a range near that is no physical recording
      if (Math.abs(physicalMin) > MAX_PHYSICAL || Math.abs(physicalMax) > MAX_PHYSICAL) throw new EdfError('bad_range', `${name}: physical range ${physicalMin}…${physicalMax} is beyond ±${MAX_PHYSICAL}`);
      if (digitalMin >= digitalMax) throw new EdfError('bad_range', `${name}: digital minimum ${digitalMin} is not below the maximum ${digitalMax}`);
      if (digitalMin < -digitalLimit || digitalMax > digitalLimit - 1) {
        throw new EdfError('bad_range', `${name}: digital range ${digitalMin}…${digitalMax} does not fit ${bdf ? 24 : 16}-bit samples`);
      }
    }
    signals.push({
      index: k,
      label,
      transducer: textField(head, at(offsets.transducer, 80), 80),
      physicalDimension: textField(head, at(offsets.dimension, 8), 8),
      physicalMin,
      physicalMax,
      digitalMin,
      digitalMax,
      prefiltering: textField(head, at(offsets.prefilter, 80), 80),
      samplesPerRecord,
      fsHz: 0,
      isAnnotations,
      offsetInRecord: recordBytes,
    });
    recordBytes += samplesPerRecord * sampleBytes;
  }

  const ordinary = signals.some((s) => !s.isAnnotations);
  if (!(recordDurationS > 0 && recordDurationS <= MAX_RECORD_S) && !(recordDurationS === 0 && !ordinary)) {
    throw new EdfError('bad_record_duration', `duration of a data record is ${recordDurationS} s; it must be above 0 and at most ${MAX_RECORD_S} s`);
  }
  for (const s of signals) s.fsHz = recordDurationS > 0 ? s.samplesPerRecord / recordDurationS : 0;

  const dataBytes = fileBytes - headerBytes;
  if (recordBytes > dataBytes && declaredRecords !== 0) {
    throw new EdfError('bad_samples', `one data record would be ${recordBytes} bytes, more than the ${Math.max(0, dataBytes)} bytes of data the file holds`);
  }
  const complete = Math.floor(dataBytes / recordBytes);
  let records = declaredRecords;
  if (declaredRecords === -1) {
    records = complete;
    warnings.push(`the header does not say how many data records there are (−1): ${complete} complete records read from the file's size`);
    if (dataBytes % recordBytes !== 0) warnings.push(`the last ${dataBytes % recordBytes} bytes are an incomplete data record and were left out`);
  } else if (declaredRecords > complete) {
    throw new EdfError('truncated_records', `the header declares ${declaredRecords} data records of ${recordBytes} bytes, but the file holds ${complete} complete ones (${dataBytes} bytes of data): it was cut short`);
  } else if (dataBytes > declaredRecords * recordBytes) {
    warnings.push(`${dataBytes - declaredRecords * recordBytes} bytes after the last declared data record were left out`);
  }
  if (variant.endsWith('+D') && !signals.some((s) => s.isAnnotations)) {
    throw new EdfError('bad_annotation', `an ${variant} file needs an "${bdf ? 'BDF' : 'EDF'} Annotations" signal to say when each data record starts`);
  }
  return { variant, sampleBytes, patient, recording, start, headerBytes, records, recordDurationS, recordBytes, signals, warnings };
}

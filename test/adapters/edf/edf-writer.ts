// A small EDF/EDF+/BDF writer for tests: builds a file byte by byte from physical signals and
// annotations, the way the spec lays it out, so the reader is tested against files made to the
// letter (and, by editing the bytes afterwards, against files that break it).

export interface WriterSignal {
  label: string;
  dimension: string;
  physicalMin: number;
  physicalMax: number;
  digitalMin: number;
  digitalMax: number;
  samplesPerRecord: number;
  /** physical values, samplesPerRecord × records of them */
  values: ArrayLike<number>;
}

export interface WriterAnnotation {
  onsetS: number;
  durationS?: number;
  text: string;
}

export interface EdfSpec {
  variant: 'EDF' | 'EDF+C' | 'EDF+D' | 'BDF' | 'BDF+C' | 'BDF+D';
  /** dd.mm.yy and hh.mm.ss */
  startDate: string;
  startTime: string;
  patient?: string;
  recording?: string;
  recordDurationS: number;
  records: number;
  /** EDF+D: each record's onset, s */
  recordOnsetsS?: number[];
  signals: WriterSignal[];
  annotations?: WriterAnnotation[];
}

/** The header field offsets of the fixed part, for tests that break them. */
export const FIELD = { version: 0, patient: 8, recording: 88, startDate: 168, startTime: 176, headerBytes: 184, reserved: 192, records: 236, duration: 244, signals: 252 } as const;

function ascii(text: string, width: number): number[] {
  const padded = text.padEnd(width, ' ').slice(0, width);
  return [...padded].map((c) => c.charCodeAt(0) & 0xff);
}

function num(value: number, width = 8): number[] {
  let text = String(value);
  if (text.length > width) text = value.toPrecision(width - 2);
  return ascii(text, width);
}

export function writeEdf(spec: EdfSpec): Uint8Array {
  const bdf = spec.variant.startsWith('BDF');
  const plus = spec.variant.includes('+');
  const sampleBytes = bdf ? 3 : 2;
  const onsets = spec.recordOnsetsS ?? Array.from({ length: spec.records }, (_, r) => r * spec.recordDurationS);
  // annotations go in the record whose time span holds their onset (the last one before it)
  const perRecord: string[][] = onsets.map(() => []);
  const tal = (onsetS: number, durationS: number | undefined, texts: string[]) =>
    `${onsetS >= 0 ? '+' : ''}${onsetS}${durationS !== undefined ? `\x15${durationS}` : ''}\x14${texts.map((t) => `${t}\x14`).join('')}\x00`;
  for (const a of spec.annotations ?? []) {
    let r = 0;
    while (r + 1 < onsets.length && onsets[r + 1] <= a.onsetS) r++;
    perRecord[r].push(tal(a.onsetS, a.durationS, [a.text]));
  }
  const talBytes = onsets.map((onset, r) => Buffer.from(`+${onset}\x14\x14\x00` + perRecord[r].join(''), 'utf8'));
  const signals = [...spec.signals];
  let annotationSamples = 0;
  if (plus) {
    const most = Math.max(...talBytes.map((b) => b.length));
    annotationSamples = Math.ceil((most + 8) / sampleBytes);
    signals.push({ label: bdf ? 'BDF Annotations' : 'EDF Annotations', dimension: '', physicalMin: -1, physicalMax: 1, digitalMin: bdf ? -8388608 : -32768, digitalMax: bdf ? 8388607 : 32767, samplesPerRecord: annotationSamples, values: [] });
  }
  const ns = signals.length;
  const headerBytes = 256 * (ns + 1);
  const recordBytes = signals.reduce((sum, s) => sum + s.samplesPerRecord * sampleBytes, 0);
  const out = new Uint8Array(headerBytes + spec.records * recordBytes);
  const put = (offset: number, bytes: number[]) => out.set(bytes, offset);
  if (bdf) {
    out[0] = 0xff;
    put(1, ascii('BIOSEMI', 7));
  } else put(0, ascii('0', 8));
  put(FIELD.patient, ascii(spec.patient ?? (plus ? 'X X X X' : ''), 80));
  put(FIELD.recording, ascii(spec.recording ?? (plus ? 'Startdate X X X X' : ''), 80));
  put(FIELD.startDate, ascii(spec.startDate, 8));
  put(FIELD.startTime, ascii(spec.startTime, 8));
  put(FIELD.headerBytes, num(headerBytes));
  put(FIELD.reserved, ascii(plus ? spec.variant : bdf ? '24BIT' : '', 44));
  put(FIELD.records, num(spec.records));
  put(FIELD.duration, num(spec.recordDurationS));
  put(FIELD.signals, ascii(String(ns), 4));
  const block = (start: number, width: number, field: (s: WriterSignal) => number[]) => signals.forEach((s, k) => put(256 + start * ns + k * width, field(s)));
  block(0, 16, (s) => ascii(s.label, 16));
  block(16, 80, () => ascii('', 80));
  block(96, 8, (s) => ascii(s.dimension, 8));
  block(104, 8, (s) => num(s.physicalMin));
  block(112, 8, (s) => num(s.physicalMax));
  block(120, 8, (s) => num(s.digitalMin));
  block(128, 8, (s) => num(s.digitalMax));
  block(136, 80, () => ascii('', 80));
  block(216, 8, (s) => num(s.samplesPerRecord));
  block(224, 32, () => ascii('', 32));

  let offset = headerBytes;
  for (let r = 0; r < spec.records; r++) {
    for (const s of signals) {
      if (s.label.endsWith('Annotations') && plus) {
        out.set(talBytes[r], offset);
        offset += s.samplesPerRecord * sampleBytes;
        continue;
      }
      const scale = (s.digitalMax - s.digitalMin) / (s.physicalMax - s.physicalMin);
      for (let i = 0; i < s.samplesPerRecord; i++) {
        const physical = s.values[r * s.samplesPerRecord + i] ?? 0;
        const digital = Math.max(s.digitalMin, Math.min(s.digitalMax, Math.round(s.digitalMin + (physical - s.physicalMin) * scale)));
        for (let b = 0; b < sampleBytes; b++) out[offset++] = (digital >> (8 * b)) & 0xff;
      }
    }
  }
  return out;
}

/** Overwrites a fixed-width ASCII field of a written file. */
export function setField(bytes: Uint8Array, offset: number, width: number, text: string): Uint8Array {
  const copy = bytes.slice();
  copy.set(ascii(text, width), offset);
  return copy;
}

/** A 16-bit-friendly EMG signal in µV, ±3.2 mV range at 0.1 µV resolution. */
export function emgSignal(label: string, fsHz: number, recordDurationS: number, values: ArrayLike<number>, dimension = 'uV'): WriterSignal {
  const f = dimension === 'mV' ? 1e-3 : 1;
  return { label, dimension, physicalMin: -3276.8 * f, physicalMax: 3276.7 * f, digitalMin: -32768, digitalMax: 32767, samplesPerRecord: Math.round(fsHz * recordDurationS), values };
}

// Reads an EDF/BDF file's data records one at a time, in physical units, so an 8-hour PSG never
// sits in memory as floats: a batch of raw records (~1 MiB) is read, then each record's signals
// are scaled into arrays allocated once and reused (a consumer copies what it keeps). Each
// record carries its onset: record index × duration in EDF and EDF+C, the time-keeping TAL in
// EDF+D (Kemp & Olivan 2003, §2.2.4).
import { open, stat, type FileHandle } from 'node:fs/promises';
import { EdfError } from './errors.ts';
import { FIXED_HEADER_BYTES, parseEdfHeader, signalCountOf, SIGNAL_HEADER_BYTES, type EdfHeader } from './header.ts';
import { parseTals, type Tal } from './tal.ts';

const BATCH_BYTES = 1 << 20;

export interface EdfRecord {
  index: number;
  /** seconds from the header's start time to the record's first sample */
  onsetS: number;
  /** physical values per signal (empty for annotation signals); reused by the next record */
  physical: Float32Array[];
  /** annotations of this record, time keeping left out */
  annotations: Tal[];
}

export interface EdfFile {
  header: EdfHeader;
  records(): AsyncGenerator<EdfRecord>;
  close(): Promise<void>;
}

export async function openEdf(path: string): Promise<EdfFile> {
  let file: FileHandle;
  let fileBytes: number;
  try {
    fileBytes = (await stat(path)).size;
    file = await open(path, 'r');
  } catch (error) {
    throw new EdfError('unreadable', `cannot open ${path}: ${(error as Error).message}`);
  }
  try {
    const fixed = await readAt(file, 0, Math.min(FIXED_HEADER_BYTES, fileBytes));
    const ns = signalCountOf(fixed, fileBytes);
    const head = await readAt(file, 0, FIXED_HEADER_BYTES + ns * SIGNAL_HEADER_BYTES);
    const header = parseEdfHeader(head, fileBytes);
    return { header, records: () => readRecords(file, header), close: () => file.close() };
  } catch (error) {
    await file.close();
    throw error;
  }
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

async function* readRecords(file: FileHandle, header: EdfHeader): AsyncGenerator<EdfRecord> {
  const { recordBytes, records, signals } = header;
  if (records === 0) return;
  const batchRecords = Math.max(1, Math.min(records, Math.floor(BATCH_BYTES / recordBytes)));
  const batch = new Uint8Array(batchRecords * recordBytes);
  const physical = signals.map((s) => new Float32Array(s.isAnnotations ? 0 : s.samplesPerRecord));
  const scales = signals.map((s) => (s.physicalMax - s.physicalMin) / (s.digitalMax - s.digitalMin));
  const plus = header.variant.includes('+');
  const discontinuous = header.variant.endsWith('+D');
  const firstAnnotations = signals.findIndex((s) => s.isAnnotations);
  let firstOnsetS = 0;
  let index = 0;
  while (index < records) {
    const count = Math.min(batchRecords, records - index);
    const { bytesRead } = await file.read(batch, 0, count * recordBytes, header.headerBytes + index * recordBytes);
    if (bytesRead < count * recordBytes) throw new EdfError('truncated_records', `the file ended inside data record ${index + Math.floor(bytesRead / recordBytes) + 1}`);
    for (let r = 0; r < count; r++, index++) {
      const record = batch.subarray(r * recordBytes, (r + 1) * recordBytes);
      const annotations: Tal[] = [];
      let keptOnsetS: number | undefined;
      for (let k = 0; k < signals.length; k++) {
        const signal = signals[k];
        const bytes = record.subarray(signal.offsetInRecord, signal.offsetInRecord + signal.samplesPerRecord * header.sampleBytes);
        if (signal.isAnnotations) {
          const tals = parseTals(bytes, `data record ${index + 1}, signal ${k + 1}`);
          if (k === firstAnnotations && tals.length > 0 && tals[0].timeKeeping) keptOnsetS = tals[0].onsetS;
          for (let t = 0; t < tals.length; t++) if (tals[t].texts.length > 0) annotations.push(tals[t]);
          continue;
        }
        toPhysical(bytes, header.sampleBytes, signal.digitalMin, signal.physicalMin, scales[k], physical[k]);
      }
      if (plus && keptOnsetS === undefined) throw new EdfError('bad_annotation', `data record ${index + 1} has no time-keeping TAL (EDF+ needs one at the start of every record)`);
      if (index === 0) firstOnsetS = keptOnsetS ?? 0;
      // EDF+C: contiguous by definition; the first record's TAL may set a sub-second start
      const onsetS = discontinuous ? keptOnsetS! : firstOnsetS + index * header.recordDurationS;
      yield { index, onsetS, physical, annotations };
    }
  }
}

/** Little-endian two's complement, 16 or 24 bits, scaled: phys = physMin + (dig − digMin) · scale. */
function toPhysical(bytes: Uint8Array, sampleBytes: 2 | 3, digitalMin: number, physicalMin: number, scale: number, out: Float32Array): void {
  const n = out.length;
  if (sampleBytes === 2) {
    for (let i = 0, p = 0; i < n; i++, p += 2) {
      const digital = ((bytes[p] | (bytes[p + 1] << 8)) << 16) >> 16;
      out[i] = physicalMin + (digital - digitalMin) * scale;
    }
  } else {
    for (let i = 0, p = 0; i < n; i++, p += 3) {
      const digital = ((bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16)) << 8) >> 8;
      out[i] = physicalMin + (digital - digitalMin) * scale;
    }
  }
}

// Night summaries and doctor flags as src/causes stores them (flat `night_summary` /
// `doctor_flag` records, see src/causes/summary.ts and doctor.ts), back into the report's shape.
import type { StoredRecord } from '../adapters/local-store.ts';
import type { AssembleOptions } from './assemble.ts';
import type { ReportDoctorFlag, ReportSummary } from './model.ts';

export function summaryOfRecord(record: StoredRecord, fallback: ReportSummary): ReportSummary | undefined {
  const advice = stringList(record.fields.advice);
  return { ...fallback, advice: advice.length ? advice : fallback.advice };
}

export function doctorFlagOfRecord(record: StoredRecord): ReportDoctorFlag | undefined {
  const flag = record.fields.flag;
  if (typeof flag !== 'boolean') return undefined;
  return { flag, reasons: stringList(record.fields.reasons) };
}

/** A list stored in one flat field: a JSON array, or sentences one a line. */
function stringList(value: unknown): string[] {
  if (typeof value !== 'string' || value === '') return [];
  if (value.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed)) return parsed.filter((s): s is string => typeof s === 'string');
    } catch {
      // not JSON after all: fall through to lines
    }
  }
  return value.split('\n').filter((s) => s.trim() !== '');
}

export const storedRecordViews: Pick<AssembleOptions, 'summaryOfRecord' | 'doctorFlagOfRecord'> = { summaryOfRecord, doctorFlagOfRecord };

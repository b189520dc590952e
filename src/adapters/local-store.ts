// The embedded default store: one folder of NDJSON files, no database needed. `npm start`'s demo
// writes here, and `crampwatch summary` / `report` read it back.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Episode, LimbMovement, SignalPoint } from '../core/types.ts';
import { DIARY_MEASUREMENT, diaryFields, type DiaryEntry } from '../diary/record.ts';
import { NdjsonFile } from './ndjson-file.ts';
import type { FieldValue, IngestHealth, NightStore, RejectPoint } from './store.ts';

export const LOCAL_FILES = {
  episodes: 'episodes.ndjson',
  signals: 'signals.ndjson',
  limbMovements: 'limb-movements.ndjson',
  health: 'health.ndjson',
  rejects: 'rejects-count.ndjson',
  records: 'records.ndjson',
} as const;

export interface StoredRecord {
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, FieldValue>;
  tMs: number;
}

export class LocalStore implements NightStore {
  private readonly files: Record<keyof typeof LOCAL_FILES, NdjsonFile>;

  constructor(readonly dir: string) {
    this.files = Object.fromEntries(
      Object.entries(LOCAL_FILES).map(([key, name]) => [key, new NdjsonFile(join(dir, name))]),
    ) as Record<keyof typeof LOCAL_FILES, NdjsonFile>;
  }

  episode(event: Episode): void {
    this.files.episodes.append(event);
  }
  signal(point: SignalPoint): void {
    this.files.signals.append(point);
  }
  limbMovement(movement: LimbMovement): void {
    this.files.limbMovements.append(movement);
  }
  health(h: IngestHealth): void {
    this.files.health.append(h);
  }
  rejects(r: RejectPoint): void {
    this.files.rejects.append(r);
  }
  record(measurement: string, tags: Record<string, string>, fields: Record<string, FieldValue>, tMs: number): void {
    this.files.records.append({ measurement, tags, fields, tMs } satisfies StoredRecord);
  }
  /** kept with the records, as InfluxDB keeps it beside them: one `diary` record per diary sent */
  diary(entry: DiaryEntry): void {
    const tags: Record<string, string> = entry.wearer !== undefined ? { device: entry.device, wearer: entry.wearer } : { device: entry.device };
    this.record(DIARY_MEASUREMENT, tags, { ...diaryFields(entry.diary) }, entry.diary.t);
  }
  async flush(): Promise<void> {
    for (const file of Object.values(this.files)) file.flush();
  }
  async close(): Promise<void> {
    await this.flush();
  }
}

/** Everything a local store folder holds, for summaries and reports. */
export function readLocalStore(dir: string): {
  episodes: Episode[];
  signals: SignalPoint[];
  limbMovements: LimbMovement[];
  records: StoredRecord[];
} {
  return {
    episodes: readNdjson<Episode>(dir, LOCAL_FILES.episodes),
    signals: readNdjson<SignalPoint>(dir, LOCAL_FILES.signals),
    limbMovements: readNdjson<LimbMovement>(dir, LOCAL_FILES.limbMovements),
    records: readLocalRecords(dir),
  };
}

/** Only the records (night summaries, doctor flags): small, unlike the signals beside them. */
export function readLocalRecords(dir: string): StoredRecord[] {
  return readNdjson<StoredRecord>(dir, LOCAL_FILES.records);
}

/** Only the episode events: for the nights a late diary may still update after a restart. */
export function readLocalEpisodes(dir: string): Episode[] {
  return readNdjson<Episode>(dir, LOCAL_FILES.episodes);
}

function readNdjson<T>(dir: string, name: string): T[] {
  const path = join(dir, name);
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}

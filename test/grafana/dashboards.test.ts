// Every query of every provisioned dashboard, run against a real influxd holding a night written
// by the real store: template variables, panel targets and annotations, with Grafana's macros
// expanded. Each must run without error and return the columns its panel needs, with data.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInfluxStore } from '../../src/adapters/influx/influx-store.ts';
import { silentLogger } from '../../src/log.ts';
import { startInfluxd, type Influxd } from '../helpers/influxd.ts';
import { durationMs, expandQuery, intervalMs, relativeTimeMs, type TimeRange, type VariableValue } from './grafana-macros.ts';
import { writeSyntheticNight, type SyntheticNight } from './synthetic-night.ts';
import { nightMessages, randomNightSpec } from '../../firmware-sim/src/index.ts';
import { doctorFlag, doctorFlagFields, nightSummaryFields, nightSummaryTags, summarizeNight } from '../../src/causes/index.ts';
import type { Episode } from '../../src/core/types.ts';
import { replayLines } from '../../src/ingest/replay.ts';
import { diaryCounts, matchDiary } from '../../src/diary/match.ts';

const ROOT = join(import.meta.dirname, '../..');
const DASHBOARD_DIR = join(ROOT, 'deploy/grafana/dashboards');
const DATASOURCE_FILE = join(ROOT, 'deploy/grafana/provisioning/datasources/influxdb.yaml');
const DATABASE = 'crampwatch';
const DETECTOR = join(ROOT, 'src/detect/index.ts');

interface Target {
  refId: string;
  query: string;
  rawQuery?: boolean;
  resultFormat?: string;
  datasource?: { uid?: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  interval?: string;
  targets?: Target[];
  datasource?: { uid?: string };
  panels?: Panel[];
}
interface Annotation {
  name: string;
  builtIn?: number;
  query?: string;
  target?: { query?: string };
  textColumn?: string;
  tagsColumn?: string;
  timeEndColumn?: string;
  datasource?: { uid?: string };
}
interface Variable {
  name: string;
  type: string;
  query: string;
  includeAll?: boolean;
  allValue?: string;
  multi?: boolean;
}
interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  time: { from: string; to: string };
  panels: Panel[];
  templating: { list: Variable[] };
  annotations: { list: Annotation[] };
}
interface Series {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

const files = readdirSync(DASHBOARD_DIR).filter((f) => f.endsWith('.json'));
const dashboards = files.map((file) => ({ file, dashboard: JSON.parse(readFileSync(join(DASHBOARD_DIR, file), 'utf8')) as Dashboard }));
const datasourceUid = /^\s*uid:\s*(\S+)\s*$/m.exec(readFileSync(DATASOURCE_FILE, 'utf8'))?.[1];
/** the data source's `timeInterval`: Grafana's lower bound for $__interval */
const datasourceMinInterval = durationMs(/^\s*timeInterval:\s*(\S+)\s*$/m.exec(readFileSync(DATASOURCE_FILE, 'utf8'))?.[1] ?? '1s');

let influxd: Influxd;
let spoolDir: string;
let night: SyntheticNight;
const nowMs = Date.now();

async function run(q: string, database = DATABASE): Promise<Series[]> {
  const res = await fetch(`${influxd.url}/query?db=${database}&epoch=ms`, { method: 'POST', body: new URLSearchParams({ q }) });
  const body = (await res.json()) as { results?: { series?: Series[]; error?: string }[]; error?: string };
  if (res.status !== 200 || body.error) throw new Error(`${res.status} ${body.error ?? ''} for ${q}`);
  const result = body.results![0];
  if (result.error) throw new Error(`${result.error} for ${q}`);
  return result.series ?? [];
}

/** Column names a query promises: every `AS "alias"` in its SELECT list. */
function aliases(query: string): string[] {
  const select = query.slice(0, query.search(/\bFROM\b/i));
  return [...select.matchAll(/\bAS\s+"([^"]+)"/gi)].map((m) => m[1]);
}

/** Every column but time (and tag columns Grafana reads from series tags) must hold a value somewhere. */
function expectColumnsWithData(series: Series[], required: string[], what: string): void {
  expect(series.length, `${what}: no series`).toBeGreaterThan(0);
  const columns = new Set(series.flatMap((s) => s.columns));
  for (const name of required) expect(columns.has(name), `${what}: column "${name}" missing (got ${[...columns].join(', ')})`).toBe(true);
  const valueColumns = [...columns].filter((c) => c !== 'time');
  expect(valueColumns.length, `${what}: no value columns`).toBeGreaterThan(0);
  for (const name of valueColumns) {
    const hasData = series.some((s) => {
      const index = s.columns.indexOf(name);
      return index >= 0 && s.values.some((row) => row[index] !== null && row[index] !== undefined && row[index] !== '');
    });
    expect(hasData, `${what}: column "${name}" has no data`).toBe(true);
  }
}

function allPanels(panels: Panel[]): Panel[] {
  return panels.flatMap((p) => [p, ...allPanels(p.panels ?? [])]);
}

function rangeOf(dashboard: Dashboard): TimeRange {
  return { fromMs: relativeTimeMs(dashboard.time.from, nowMs), toMs: relativeTimeMs(dashboard.time.to, nowMs) };
}

/** Resolves the variables in order, as Grafana does: each query may use the ones before it. */
async function resolveVariables(
  dashboard: Dashboard,
  range: TimeRange,
  stored: { wearer: string; device: string } = night,
  database = DATABASE,
): Promise<Record<string, VariableValue>> {
  const values: Record<string, VariableValue> = {};
  for (const variable of dashboard.templating.list) {
    expect(variable.type, `${dashboard.uid} variable ${variable.name}`).toBe('query');
    const series = await run(expandQuery(variable.query, range, intervalMs(range, datasourceMinInterval), values), database);
    expectColumnsWithData(series, ['value'], `${dashboard.uid} variable ${variable.name}`);
    const options = [...new Set(series.flatMap((s) => s.values.map((row) => String(row[s.columns.indexOf('value')]))))];
    // the stored wearer and device must be offered
    if (variable.name === 'wearer') expect(options).toContain(stored.wearer);
    if (variable.name === 'device') expect(options).toContain(stored.device);
    // pick the wearer, and leave devices on "All", as someone opening the dashboard would
    values[variable.name] = variable.name === 'device' && variable.includeAll ? { all: true, allValue: variable.allValue ?? '.*' } : { values: [variable.name === 'wearer' ? stored.wearer : options[0]] };
  }
  return values;
}

beforeAll(async () => {
  influxd = await startInfluxd();
  spoolDir = await mkdtemp(join(tmpdir(), 'crampwatch-grafana-spool-'));
  // INF: the prior nights of the Trends dashboard must not fall out of a 30-day policy
  const store = await openInfluxStore({ url: influxd.url, database: DATABASE, spoolDir, signalRetention: 'INF', logger: silentLogger() });
  night = writeSyntheticNight(store, { fromMs: nowMs - 10 * 3_600_000 });
  await store.close();
  expect(store.stats()).toMatchObject({ invalid: 0, dropped: 0, spoolPoints: 0 });
});
afterAll(async () => {
  await influxd?.stop();
  await rm(spoolDir, { recursive: true, force: true });
});

describe('Grafana dashboards', () => {
  it('are the three expected files, with fixed uids and the current schema version', () => {
    expect(dashboards.map((d) => d.dashboard.uid).sort()).toEqual(['crampwatch-health', 'crampwatch-night', 'crampwatch-trends']);
    for (const { dashboard } of dashboards) expect(dashboard.schemaVersion).toBe(42);
  });

  it('use only the provisioned InfluxDB data source, and raw InfluxQL', () => {
    expect(datasourceUid).toBe('crampwatch-influxdb');
    for (const { dashboard } of dashboards) {
      const panels = allPanels(dashboard.panels);
      expect(new Set(panels.map((p) => p.id)).size, `${dashboard.uid}: panel ids unique`).toBe(panels.length);
      for (const panel of panels) {
        for (const target of panel.targets ?? []) {
          expect(target.datasource?.uid ?? panel.datasource?.uid, `${dashboard.uid} / ${panel.title}`).toBe(datasourceUid);
          expect(target.rawQuery, `${dashboard.uid} / ${panel.title}`).toBe(true);
        }
      }
    }
  });

  for (const { file, dashboard } of dashboards) {
    describe(file, () => {
      it('offers template variables that list the stored wearer and device', async () => {
        await resolveVariables(dashboard, rangeOf(dashboard));
      });

      for (const panel of allPanels(dashboard.panels).filter((p) => (p.targets ?? []).length > 0)) {
        it(`panel "${panel.title}" returns its columns, with data`, async () => {
          const range = rangeOf(dashboard);
          const variables = await resolveVariables(dashboard, range);
          const minInterval = Math.max(datasourceMinInterval, panel.interval ? durationMs(panel.interval) : 0);
          for (const target of panel.targets!) {
            const q = expandQuery(target.query, range, intervalMs(range, minInterval), variables);
            const series = await run(q);
            expectColumnsWithData(series, aliases(target.query), `${dashboard.uid} / ${panel.title} / ${target.refId}`);
            if (panel.type === 'table') expect(target.resultFormat).toBe('table');
          }
        });
      }

      for (const annotation of dashboard.annotations.list.filter((a) => !a.builtIn)) {
        it(`annotation "${annotation.name}" returns its text, tags and end columns, with data`, async () => {
          expect(annotation.datasource?.uid).toBe(datasourceUid);
          const range = rangeOf(dashboard);
          const variables = await resolveVariables(dashboard, range);
          const query = annotation.target?.query ?? annotation.query!;
          expect(annotation.query ?? query).toBe(query);
          const series = await run(expandQuery(query, range, intervalMs(range, datasourceMinInterval), variables));
          const required = [annotation.textColumn, annotation.tagsColumn, annotation.timeEndColumn].filter((c): c is string => !!c);
          expect(required).toContain(annotation.textColumn);
          expectColumnsWithData(series, required, `${dashboard.uid} annotation ${annotation.name}`);
        });
      }
    });
  }

  it('shows the night\'s cramps in the episode table, one row each, with their causes', async () => {
    const { dashboard } = dashboards.find((d) => d.dashboard.uid === 'crampwatch-night')!;
    const table = dashboard.panels.find((p) => p.type === 'table')!;
    const range = rangeOf(dashboard);
    const q = expandQuery(table.targets![0].query, range, 1000, await resolveVariables(dashboard, range));
    const [series] = await run(q);
    expect(series.values).toHaveLength(night.episodes.length);
    const text = series.columns.indexOf('what pointed there');
    expect(String(series.values[1][text])).toContain('prone for 105 min before onset');
  });
});

// The same dashboards over a night that went the whole way: firmware-sim's messages replayed
// through the real ingest and detector into the store, summarised by src/causes as the pipeline
// does when a night ends. (Ingest health and rejects come from the live pipeline only, so the
// Sensor health dashboard is checked on the synthetic night above.)
describe.skipIf(!existsSync(DETECTOR))('Grafana dashboards over a replayed firmware-sim night', () => {
  const REPLAYED = 'replayed';
  let stored: { wearer: string; device: string };
  let episodes: Episode[];

  beforeAll(async () => {
    const { createDeviceCore } = await import('../../src/app/core-factory.ts');
    // 30 minutes, one leg with a foot sensor, two cramps, ending an hour ago: inside "now-12h"
    const spec = randomNightSpec(7, { hours: 0.5, legs: 1, cramps: 2, foot: true, startMs: nowMs - 90 * 60_000 });
    const dir = await mkdtemp(join(tmpdir(), 'crampwatch-grafana-replay-'));
    const store = await openInfluxStore({ url: influxd.url, database: REPLAYED, spoolDir: dir, logger: silentLogger() });
    try {
      const result = await replayLines(nightMessages(spec), { createCore: createDeviceCore, sink: store });
      episodes = result.episodes;
      const summaries = result.nightStats.map((stats) =>
        summarizeNight({ device: stats.device, wearer: spec.profile.wearer, episodes: result.episodes.filter((e) => e.device === stats.device), stats, profile: spec.profile, context: spec.context }),
      );
      // the simulated wearer's diary (firmware-sim/src/diary.ts), matched as the pipeline does
      expect(result.diaries).toHaveLength(1);
      for (const entry of result.diaries) {
        store.diary(entry);
        for (const summary of summaries) summary.diary = diaryCounts(entry.diary.cramps, matchDiary(entry.diary.cramps, result.episodes));
      }
      for (const summary of summaries) store.record('night_summary', nightSummaryTags(summary), nightSummaryFields(summary), summary.fromMs);
      const flag = doctorFlag(summaries);
      store.record('doctor_flag', spec.profile.wearer ? { wearer: spec.profile.wearer } : {}, doctorFlagFields(flag), flag.lastNightEndMs ?? spec.endMs);
      await store.close();
      expect(store.stats()).toMatchObject({ invalid: 0, dropped: 0, spoolPoints: 0 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    stored = { wearer: spec.profile.wearer!, device: spec.devices[0].id };
  }, 240_000);

  /** Panels a replayed night must fill; the rest must still run and return their columns where they have rows. */
  const MUST_HAVE_DATA: Record<string, string[]> = {
    'crampwatch-night': ['EMG envelope per muscle', 'Sleeping position', 'Ankle angle', 'Cramps this night', 'annotation Cramps'],
    'crampwatch-trends': ['Cramps per night', 'Cramp time per night', 'Severity', 'Diary and sensor'],
  };

  for (const uid of Object.keys(MUST_HAVE_DATA)) {
    it(`${uid}: every query runs; the night's panels show it`, async () => {
      expect(episodes.length, 'the detector found no cramp in the simulated night').toBeGreaterThan(0);
      const { dashboard } = dashboards.find((d) => d.dashboard.uid === uid)!;
      const range = rangeOf(dashboard);
      const variables = await resolveVariables(dashboard, range, stored, REPLAYED);
      const queries = [
        ...allPanels(dashboard.panels).flatMap((panel) =>
          (panel.targets ?? []).map((t) => ({ name: panel.title, query: t.query, minMs: panel.interval ? durationMs(panel.interval) : 0, required: aliases(t.query) })),
        ),
        ...dashboard.annotations.list
          .filter((a) => !a.builtIn)
          .map((a) => ({ name: `annotation ${a.name}`, query: a.target?.query ?? a.query!, minMs: 0, required: [a.textColumn, a.tagsColumn, a.timeEndColumn].filter((c): c is string => !!c) })),
      ];
      for (const q of queries) {
        const series = await run(expandQuery(q.query, range, intervalMs(range, Math.max(datasourceMinInterval, q.minMs)), variables), REPLAYED);
        if (MUST_HAVE_DATA[uid].includes(q.name)) expectColumnsWithData(series, q.required, `${uid} / ${q.name} (replayed)`);
        else if (series.length > 0) for (const c of q.required) expect(series.some((s) => s.columns.includes(c)), `${uid} / ${q.name}: column ${c}`).toBe(true);
      }
      if (uid === 'crampwatch-night') {
        const table = dashboard.panels.find((p) => p.type === 'table')!;
        const [series] = await run(expandQuery(table.targets![0].query, range, 1000, variables), REPLAYED);
        expect(series.values).toHaveLength(episodes.length);
      }
    });
  }
});

// Reading nights back from InfluxDB: not written yet (see the report brief); the CLI says so.
import type { ReportSelection, StoreContents } from './assemble.ts';

export async function readInfluxNights(_influx: { url: string; database: string }, _selection: ReportSelection): Promise<StoreContents> {
  throw new Error('reading a report from InfluxDB is not implemented yet; use --store');
}

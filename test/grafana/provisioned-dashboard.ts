// The type a provisioned dashboard file must meet: @grafana/schema's `Dashboard` as JSON (string
// enums as their values), with the InfluxDB datasource's own query fields added where Grafana's
// schema leaves a datasource's query open (its `DataQuery` holds only refId, datasource, hide,
// key, queryType). Those fields are typed after Grafana's InfluxDB plugin (`InfluxQuery` in
// public/app/plugins/datasource/influxdb/types.ts, not published as a package): only the ones a
// raw InfluxQL query uses.
import type { AnnotationQuery, Dashboard, DataQuery, Panel, RowPanel, VariableModel } from '@grafana/schema';

/** A value as a JSON file holds it: a string enum as the union of its values, the rest as is. */
export type JsonOf<T> = T extends string
  ? `${T}`
  : T extends number | boolean | null | undefined
    ? T
    : T extends readonly (infer U)[]
      ? JsonOf<U>[]
      : T extends object
        ? { [K in keyof T]: JsonOf<T[K]> }
        : T;

/** A raw InfluxQL query of Grafana's InfluxDB datasource. */
interface InfluxQlQuery {
  query?: string;
  rawQuery?: boolean;
  resultFormat?: 'time_series' | 'table' | 'logs';
  alias?: string;
}

/** The columns an InfluxDB annotation query maps, as Grafana's InfluxDB annotation editor writes them. */
interface InfluxAnnotationColumns {
  query?: string;
  fromAnnotations?: boolean;
  textEditor?: boolean;
  textColumn?: string;
  tagsColumn?: string;
  titleColumn?: string;
  timeEndColumn?: string;
}

type InfluxTarget = JsonOf<DataQuery> & InfluxQlQuery;
type InfluxPanel = Omit<JsonOf<Panel>, 'targets'> & { targets?: InfluxTarget[] };
type InfluxRow = Omit<JsonOf<RowPanel>, 'panels'> & { panels: InfluxPanel[] };
type InfluxAnnotation = Omit<JsonOf<AnnotationQuery>, 'target'> & InfluxAnnotationColumns & { target?: InfluxTarget & InfluxAnnotationColumns };
/** `definition`: the query as Grafana's variable editor shows it (QueryVariableModel in @grafana/data) */
type InfluxVariable = JsonOf<VariableModel> & { definition?: string };

export type ProvisionedDashboard = Omit<JsonOf<Dashboard>, 'panels' | 'annotations' | 'templating'> & {
  panels?: Array<InfluxPanel | InfluxRow>;
  annotations?: { list?: InfluxAnnotation[] };
  templating?: { list?: InfluxVariable[] };
};

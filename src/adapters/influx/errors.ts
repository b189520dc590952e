// What a failed InfluxDB request means for the points in it. Retriable and fatal failures are
// different answers: a database that is down, restarting or refusing our credentials will take
// the same points later (they wait in the spool); a 400 means InfluxDB will never take them
// (a parse error or a field type conflict), so retrying would only block everything behind.

export type FailureKind =
  /** network error, timeout, 5xx: keep the points and retry */
  | 'unavailable'
  /** 401/403: keep the points; an operator must fix the credentials */
  | 'unauthorized'
  /** 404 database not found: keep the points, create the database again, retry */
  | 'no_database'
  /** 400/413 and other 4xx: InfluxDB refuses these points for good; drop and count them */
  | 'rejected';

export interface Failure {
  kind: FailureKind;
  status?: number;
  message: string;
}

export function classifyFailure(error: unknown): Failure {
  const message = error instanceof Error ? error.message : String(error);
  const status = (error as { res?: { statusCode?: number } } | null)?.res?.statusCode;
  if (typeof status !== 'number' || status >= 500) return { kind: 'unavailable', status, message };
  if (status === 401 || status === 403) return { kind: 'unauthorized', status, message };
  if (status === 404 || /database not found/i.test(message)) return { kind: 'no_database', status, message };
  return { kind: 'rejected', status, message };
}

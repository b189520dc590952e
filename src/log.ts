// One pino logger for the process. JSON lines by default (for log shippers); LOG_PRETTY=1 or a
// terminal gets short readable lines. Logs go to stderr so stdout stays for command output.
import pino, { type Logger } from 'pino';

export type { Logger };

export interface LogOptions {
  level?: string;
  name?: string;
}

export function createLogger(options: LogOptions = {}): Logger {
  return pino(
    {
      name: options.name ?? 'crampwatch',
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.destination({ dest: 2, sync: true }),
  );
}

/** A logger that writes nothing, for tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

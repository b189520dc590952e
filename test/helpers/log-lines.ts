// A real pino logger whose JSON lines are kept in memory, so tests can read what was logged
// (and check that every line is still one well-formed JSON object).
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

export function capturingLogger(level = 'info'): { logger: Logger; lines: string[]; records: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  let partial = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      const text = partial + chunk.toString();
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts);
      done();
    },
  });
  const logger = pino({ level, base: undefined }, pino.multistream([{ stream: sink, level: level as pino.Level }]));
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

// Command-line parsing shared by the subcommands: node's parseArgs, with errors that say what to do.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './main.ts';

export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, help: string) {
  try {
    const parsed = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return parsed;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${help}`);
  }
}

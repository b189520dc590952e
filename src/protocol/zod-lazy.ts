// zod, loaded the first time a message needs it (one that the hand-written checks do not pass:
// an invalid one, to word its rejection, or an unusual valid one). Loading zod costs ~0.1 s, a
// sixth of replaying an hour, and a night of valid messages never needs it. Loaded through
// require (zod ships CommonJS too) because decoding is synchronous.
import { createRequire } from 'node:module';

type Zod = typeof import('zod');

let loaded: Zod | undefined;

export function zod(): Zod {
  return (loaded ??= createRequire(import.meta.url)('zod') as Zod);
}

/** A schema built on first use: `safeParse` as zod's, without loading zod before then. */
export function lazySchema<S extends { safeParse(value: unknown): unknown }>(build: () => S): Pick<S, 'safeParse'> {
  let schema: S | undefined;
  return { safeParse: ((value: unknown) => (schema ??= build()).safeParse(value)) as S['safeParse'] };
}

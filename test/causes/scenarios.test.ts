// The golden table of fixtures/causes/scenarios.json: hand-written cramps and the causes a
// clinician would name for them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inferCauses } from '../../src/causes/index.ts';
import type { ContextLog, OnsetCircumstances, Profile } from '../../src/core/types.ts';
import { causesOf, healthyProfile, onBack, ordinaryDay } from './helpers.ts';

interface Scenario {
  name: string;
  onset?: Partial<OnsetCircumstances>;
  profile?: Partial<Profile>;
  context?: Partial<ContextLog>;
  expect: string[];
}

const table = JSON.parse(readFileSync(new URL('../../fixtures/causes/scenarios.json', import.meta.url), 'utf8')) as { cases: Scenario[] };

describe('golden cause scenarios', () => {
  it.each(table.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const tags = inferCauses({ circumstances: onBack(c.onset), profile: healthyProfile(c.profile), context: ordinaryDay(c.context) });
    expect(causesOf(tags)).toEqual([...c.expect].sort());
  });
});

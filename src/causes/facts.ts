// Everything the cause rules look at, gathered once per cramp from the onset circumstances, the
// wearer's profile, the day's context log and the nights before. The rules then read plain
// fields and never parse free text themselves.
import type { ContextLog, OnsetCircumstances, Profile } from '../core/types.ts';
import { knownConditions, type KnownCondition } from './conditions.ts';
import { dayActivity, type DayActivity } from './day.ts';
import { crampLinkedMedications, type MedicationClass, type MedicationMatch } from './medications.ts';

export interface Facts {
  onset: OnsetCircumstances;
  age?: number;
  pregnant: boolean;
  /** recognised cramp-linked medicines, grouped by class */
  medications: Map<MedicationClass, MedicationMatch[]>;
  conditions: Set<KnownCondition>;
  /** the day before this night, when a context log came */
  day?: DayActivity;
  /** exercise minutes on the recent days that have a context log (the "usual" level), oldest first */
  recentExerciseMin: number[];
}

/** Anything with the day's activity: a NightSummary of an earlier night fits. */
export interface EarlierNight {
  day?: DayActivity;
}

export function gatherFacts(input: {
  circumstances: OnsetCircumstances;
  profile?: Profile;
  context?: ContextLog;
  recentNights?: readonly EarlierNight[];
}): Facts {
  const { circumstances, profile, context, recentNights } = input;
  const medications = new Map<MedicationClass, MedicationMatch[]>();
  for (const m of crampLinkedMedications(profile?.medications)) {
    const list = medications.get(m.cls) ?? [];
    if (!list.some((x) => x.name === m.name)) list.push(m);
    medications.set(m.cls, list);
  }
  const recentExerciseMin: number[] = [];
  for (const night of recentNights ?? []) {
    const min = night.day?.exerciseMin;
    if (min !== undefined) recentExerciseMin.push(min);
  }
  return {
    onset: circumstances,
    age: typeof profile?.age === 'number' && Number.isFinite(profile.age) ? profile.age : undefined,
    pregnant: profile?.pregnant === true,
    medications,
    conditions: knownConditions(profile?.conditions),
    day: context ? dayActivity(context) : undefined,
    recentExerciseMin,
  };
}

// Which possible causes a cramp's circumstances point to: the rules of rules.ts, combined.
import { CAUSES, type Cause, type CauseTag, type ContextLog, type OnsetCircumstances, type Profile } from '../core/types.ts';
import { gatherFacts, type EarlierNight } from './facts.ts';
import { CAUSE_RULES, type CauseRule } from './rules.ts';

/** A cause counts as tagged at this confidence (PROTOCOL §6). */
export const TAGGED_CONFIDENCE = 0.5;

export interface CauseInput {
  circumstances: OnsetCircumstances;
  profile?: Profile;
  context?: ContextLog;
  /** earlier nights of this wearer, oldest first (a NightSummary fits) */
  recentNights?: readonly EarlierNight[];
}

/**
 * The tagged possible causes of one cramp (confidence ≥ 0.5), most likely first, each with its
 * evidence in plain words. Empty when nothing points anywhere.
 */
export function inferCauses(input: CauseInput, rules: readonly CauseRule[] = CAUSE_RULES): CauseTag[] {
  return scoreCauses(input, rules).filter((t) => t.confidence >= TAGGED_CONFIDENCE);
}

/** Every cause with any sign for it, tagged or not, most likely first: for tests and tuning. */
export function scoreCauses(input: CauseInput, rules: readonly CauseRule[] = CAUSE_RULES): CauseTag[] {
  const facts = gatherFacts(input);
  const tags: CauseTag[] = [];
  for (const cause of CAUSES) {
    // noisy-OR of the independent signs for, then scaled down by the signs against (rules.ts)
    let notCause = 1;
    let against = 1;
    const evidence: { text: string; weight: number }[] = [];
    for (const rule of rules) {
      if (rule.cause !== cause) continue;
      const text = rule.when(facts);
      if (text === undefined) continue;
      if (rule.effect === 'for') {
        notCause *= 1 - rule.confidence;
        evidence.push({ text, weight: rule.confidence });
      } else {
        against *= 1 - rule.confidence;
      }
    }
    if (evidence.length === 0) continue;
    const confidence = round2((1 - notCause) * against);
    evidence.sort((a, b) => b.weight - a.weight);
    tags.push({ cause: cause as Cause, confidence, evidence: evidence.map((e) => e.text) });
  }
  return tags.sort((a, b) => b.confidence - a.confidence);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

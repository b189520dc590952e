// Prevention advice that fits the causes seen, as plain sentences. Careful wording: what tends to
// help; medicines are reviewed with a doctor, never dropped on the strength of a sensor;
// supplements only with medical advice.
//
// Sources:
// - Hallegraeff JM et al. Stretching before sleep reduces the frequency and severity of nocturnal
//   leg cramps in older adults: a randomised trial. J Physiother 2012;58(1):17–22.
// - Allen RE, Kirby KA. Nocturnal leg cramps. Am Fam Physician 2012;86(4):350–355 (keep the
//   feet from pointing: loose bedding, a pillow; review medicines; treat the underlying condition).
// - Garrison SR et al. Magnesium for skeletal muscle cramps. Cochrane Database Syst Rev
//   2020;(9):CD009402 (unlikely to help older adults; so only with medical advice).
// - NHS, "Leg cramps": stretch, drink enough, do not take quinine or supplements unprescribed.
import type { Cause } from '../core/types.ts';

/** The sentence each cause adds, in the order they are shown. */
export const ADVICE_FOR_CAUSE: Record<Cause, string> = {
  sleeping_position:
    'Try sleeping on your back with a pillow under your knees, and keep the blankets loose so they do not push your toes down.',
  dehydration_electrolytes:
    'Drink water steadily through the day (about 2 litres for most adults, unless your doctor has set a limit), more when it is hot or you sweat, and go easy on caffeine and alcohol.',
  muscle_fatigue:
    'Build up exercise gradually, sit down for breaks on long days on your feet, and stretch your calves after exercise.',
  poor_circulation:
    'Move gently during the day: on long days of sitting, get up and walk for a few minutes every hour.',
  nerve_compression:
    'Mention the cramps to your doctor, since they may be linked to your back; gentle movement during the day can help.',
  medication:
    'Ask your doctor or pharmacist to review your medicines, as some can cause cramps; keep taking them as prescribed until you have talked it over.',
  health_condition:
    'Tell your doctor about the cramps at your next check-up; keeping a health condition well controlled can make cramps less frequent.',
};

/** Shown whenever there were cramps: the one measure with trial evidence (Hallegraeff 2012). */
export const STRETCH_ADVICE =
  'Stretch your calves gently for a few minutes before bed: stand facing a wall, one foot back, heel down, and lean in.';

/** Magnesium is often tried; the evidence says it rarely helps, so only with medical advice (Cochrane 2020). */
export const MAGNESIUM_ADVICE =
  'Take magnesium or other supplements for cramps only if a doctor advises it; for most people they do not help.';

/** The advice for a night: stretching first, then one sentence per cause seen, magnesium last. */
export function adviceFor(causesSeen: readonly Cause[], hadCramps: boolean): string[] {
  if (!hadCramps) return [];
  const advice = [STRETCH_ADVICE];
  const order: Cause[] = [
    'sleeping_position',
    'dehydration_electrolytes',
    'muscle_fatigue',
    'poor_circulation',
    'nerve_compression',
    'medication',
    'health_condition',
  ];
  for (const cause of order) if (causesSeen.includes(cause)) advice.push(ADVICE_FOR_CAUSE[cause]);
  if (causesSeen.includes('dehydration_electrolytes') || causesSeen.includes('health_condition')) {
    advice.push(MAGNESIUM_ADVICE);
  }
  return advice;
}

// Possible causes of cramps, night summaries and the "see a doctor" flag. Pure: no I/O, no
// clock, no logging, so the same code runs live and in replay.
export { inferCauses, scoreCauses, TAGGED_CONFIDENCE, type CauseInput } from './infer.ts';
export { CAUSE_RULES, type CauseRule } from './rules.ts';
export { classifyMedication, type MedicationClass, type MedicationMatch } from './medications.ts';
export { classifyCondition, type KnownCondition } from './conditions.ts';
export { dayActivity, type DayActivity } from './day.ts';
export { ContextLogs, CONTEXT_LOGS_KEPT } from './context-logs.ts';
export { summarizeNight, nightSummaryFields, nightSummaryTags, episodeDurationS, type NightSummary, type NightInput } from './summary.ts';
export { doctorFlag, doctorFlagFields, type DoctorFlag, type DoctorReason } from './doctor.ts';
export { adviceFor } from './advice.ts';

// Small helpers that put numbers into the plain words of the evidence and advice sentences.

/** "42 minutes", "1 minute", "2 hours 5 minutes" */
export function durationWords(minutes: number): string {
  const m = Math.round(minutes);
  if (m < 90) return `${m} ${m === 1 ? 'minute' : 'minutes'}`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  const hours = `${h} ${h === 1 ? 'hour' : 'hours'}`;
  return rest === 0 ? hours : `${hours} ${rest} ${rest === 1 ? 'minute' : 'minutes'}`;
}

/** "9.5 hours", "8 hours" */
export function hoursWords(hours: number): string {
  const h = Math.round(hours * 10) / 10;
  return `${h} ${h === 1 ? 'hour' : 'hours'}`;
}

/** "1.1 L" */
export function litresWords(litres: number): string {
  return `${Math.round(litres * 10) / 10} L`;
}

/** "73 s", "2 min 5 s" */
export function secondsWords(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 90) return `${s} s`;
  const m = Math.floor(s / 60);
  const rest = s % 60;
  return rest === 0 ? `${m} min` : `${m} min ${rest} s`;
}

/** "a", "a and b", "a, b and c" */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

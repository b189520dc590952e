// Every piece of text that comes from data (device ids, evidence strings, medication names typed
// by people) goes through here before it reaches the page. The OWASP rule for HTML body and
// quoted attribute contexts: escape & < > " ' (OWASP XSS Prevention Cheat Sheet, rule #1/#2).
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe inside an element or a double- or single-quoted attribute. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => ENTITIES[ch]);
}

/**
 * A tagged template that escapes every interpolated value, unless it is already `Html`
 * (the output of another `html` call), so markup is built by composition without ever
 * concatenating raw data.
 */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Part = Html | string | number | boolean | null | undefined | readonly Part[];

function partText(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.text;
  if (Array.isArray(part)) return (part as readonly Part[]).map(partText).join('');
  return escapeHtml(part);
}

export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let text = strings[0];
  for (let i = 0; i < parts.length; i++) text += partText(parts[i]) + strings[i + 1];
  return new Html(text);
}

/** Markup the renderer itself produced (SVG paths, CSS): never data. */
export function trusted(text: string): Html {
  return new Html(text);
}

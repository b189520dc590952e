// The README's table of cause rules is what a wearer or a clinician reads to know why crampwatch
// named a cause. It must list every rule of src/causes/rules.ts, for the right cause, with the
// confidence the code uses, and nothing the code does not have.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CAUSE_RULES } from '../../src/causes/rules.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Possible causes'), readme.indexOf('\n## ', readme.indexOf('## Possible causes') + 1));

/** Rows of the rules table: the cause (carried down over blank cells), the rule id, the confidence, and whether it is enough alone. */
function tableRows(): { cause: string; id: string; confidence: number; alone?: string }[] {
  const rows: { cause: string; id: string; confidence: number; alone?: string }[] = [];
  let cause = '';
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const id = /\(`([a-z_]+)`\)/.exec(cells[2] ?? '')?.[1];
    if (!id) continue;
    if (cells[1]) cause = cells[1];
    rows.push({ cause, id, confidence: Math.abs(Number(cells[3].replace('−', '-'))), alone: cells[4] || undefined });
  }
  return rows;
}

describe("the README's table of cause rules", () => {
  const rows = tableRows();

  it('lists every rule once, and no rule the code does not have', () => {
    expect(rows.map((r) => r.id).sort()).toEqual(CAUSE_RULES.map((r) => r.id).sort());
  });

  it('gives each rule the confidence and the cause the code uses', () => {
    for (const rule of CAUSE_RULES) {
      const row = rows.find((r) => r.id === rule.id);
      expect(row?.confidence, rule.id).toBe(rule.confidence);
      expect(row?.cause.replace(/[ ,]+/g, '_'), rule.id).toMatch(new RegExp(`^${rule.cause.slice(0, 6)}`));
    }
  });

  it('says "yes" in the column "alone" exactly for the signs that tag their cause by themselves (≥ 0.5)', () => {
    for (const rule of CAUSE_RULES) {
      const alone = rows.find((r) => r.id === rule.id)?.alone;
      if (alone === undefined) continue; // a row appended without the column
      const expected = rule.effect === 'against' ? 'against' : rule.confidence >= 0.5 ? 'yes' : 'no';
      expect(alone.split(':')[0], rule.id).toBe(expected);
    }
  });
});

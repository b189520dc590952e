// Summarises a .cpuprofile: the functions with the most self time and the most inclusive time,
// as a share of all samples (idle and program overhead included, so shares are honest). Several
// files may be given (tsx's loader thread writes its own); a number sets how many lines to show.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

const args = process.argv.slice(2);
const count = Number(args.find((a) => /^\d+$/.test(a)) ?? 25);
// `--under NAME`: only the samples taken inside a function of that name (a benchmark's measured
// loop, without its set-up), with a table by file besides
const underAt = args.indexOf('--under');
const under = underAt >= 0 ? args[underAt + 1] : undefined;
for (const path of args.filter((a, i) => !/^\d+$/.test(a) && a !== '--under' && (underAt < 0 || i !== underAt + 1))) summarise(path);

function summarise(path: string): void {
const profile = JSON.parse(readFileSync(path, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
const timeOf = new Map<number, number>();
profile.samples.forEach((id, i) => timeOf.set(id, (timeOf.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const label = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
};
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
const byFile = new Map<string, number>();
const inside = (id: number) => {
  for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) if (byId.get(at)!.callFrame.functionName === under) return true;
  return false;
};
for (const node of profile.nodes) {
  const t = timeOf.get(node.id) ?? 0;
  if (t === 0 || (under && !inside(node.id))) continue;
  const file = node.callFrame.url ? node.callFrame.url.split('/').slice(-2).join('/') : label(node);
  byFile.set(file, (byFile.get(file) ?? 0) + t);
  total += t;
  self.set(label(node), (self.get(label(node)) ?? 0) + t);
  const seen = new Set<string>();
  for (let id: number | undefined = node.id; id !== undefined; id = parentOf.get(id)) {
    const name = label(byId.get(id)!);
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + t);
  }
}
const show = (title: string, table: Map<string, number>) => {
  console.log(`--- ${title}`);
  for (const [name, t] of [...table].sort((a, b) => b[1] - a[1]).slice(0, count)) console.log(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${name}`);
};
console.log(`${path}: ${Math.round(total / 1000)} ms sampled${under ? ` inside ${under}` : ''}`);
show('self time', self);
show('inclusive time', inclusive);
if (under) show('self time by file', byFile);
}

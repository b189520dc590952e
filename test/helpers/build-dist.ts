// vitest global setup: the command (bin/crampwatch.js) runs the compiled dist/, so tests that
// spawn it must not meet a dist/ older than src/. Builds (incrementally) only when a source file
// under src/ or firmware-sim/src/ is newer than the last build; a fresh tree pays nothing.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');
const BUILD_INFO = join(ROOT, 'dist/.tsbuildinfo');

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function builtAtMs(): number {
  try {
    return statSync(BUILD_INFO).mtimeMs;
  } catch {
    return -1;
  }
}

export default function setup(): void {
  const sources = Math.max(newestMtimeMs(join(ROOT, 'src')), newestMtimeMs(join(ROOT, 'firmware-sim/src')), statSync(join(ROOT, 'tsconfig.build.json')).mtimeMs);
  if (builtAtMs() >= sources) return;
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'pipe' });
  } catch (error) {
    // type errors still emit JavaScript; say so and let the tests show what the code does
    const output = (error as { stdout?: Buffer }).stdout?.toString() ?? String(error);
    console.warn(`npm run build reported errors (dist/ was written anyway):\n${output}`);
  }
  // tsc leaves its build info alone when nothing changed (a touched file): mark it checked now
  const now = new Date();
  utimesSync(BUILD_INFO, now, now);
}

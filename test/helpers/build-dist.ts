// vitest global setup: the command (bin/crampwatch.js) runs the compiled and bundled dist/, so
// tests that spawn it must not meet a dist/ older than src/. Builds (tsc incrementally, then the
// bundle, as `npm run build`) only when a source file under src/ or firmware-sim/src/ is newer
// than the last build; a fresh tree pays nothing.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');
const BUILD_INFO = join(ROOT, 'dist/.tsbuildinfo');
const BUNDLE = join(ROOT, 'dist/bin/crampwatch.js');

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** -1 when there is no such file */
function mtimeMs(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

export default function setup(): void {
  const sources = Math.max(newestMtimeMs(join(ROOT, 'src')), newestMtimeMs(join(ROOT, 'firmware-sim/src')), statSync(join(ROOT, 'tsconfig.build.json')).mtimeMs);
  const compiledAtMs = mtimeMs(BUILD_INFO);
  if (compiledAtMs >= sources && mtimeMs(BUNDLE) >= compiledAtMs) return;
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
  // the bundle after the build info: it is fresh when it is the newer of the two
  execFileSync(process.execPath, [join(ROOT, 'scripts/bundle.mjs')], { cwd: ROOT, stdio: 'pipe' });
}

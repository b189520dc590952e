// `crampwatch --version`: the version in the package's own package.json, found from this file's
// place, which is src/cli/ in the repository and dist/src/cli/ once built.
import { readFileSync } from 'node:fs';

export function packageVersion(): string {
  for (const relative of ['../../package.json', '../../../package.json']) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'crampwatch' && manifest.version) return manifest.version;
    } catch {
      // not at this depth: try the next
    }
  }
  return 'unknown';
}

// The installed command's code as a few files (`npm run build` runs this after tsc): the compiled
// dist/src/cli/main.js and everything of ours it imports, bundled by esbuild into dist/bin/, one
// file for the entry and one a subcommand, with the code they share in chunks. Node's ESM loader
// spent ~40 ms resolving and linking the ~90 modules of a replay one by one (bench/RESULTS.md,
// "issue 12"). Packages (pino, mqtt, zod, …) stay imports of node_modules: bundled into one file
// their imports would all be hoisted to its top and loaded by every command, --help included.
// dist/bin/ sits as deep as dist/src/cli/, so paths found from import.meta.url (the version's
// package.json, zod's require) resolve the same.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT_DIR = `${ROOT}dist/bin`;

// chunk names carry a hash: a chunk of the build before would stay beside the new ones
rmSync(OUT_DIR, { recursive: true, force: true });
await build({
  entryPoints: { crampwatch: `${ROOT}dist/src/cli/main.js` },
  outdir: OUT_DIR,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});

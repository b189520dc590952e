#!/usr/bin/env node
// The installed command: runs the bundled JavaScript in dist/bin/ (`npm run build`: tsc, then
// scripts/bundle.mjs; run by `npm ci` and `npm pack` through `prepare`), so a start loads no
// compiler and a handful of files instead of a module a source file.
let main;
try {
  ({ main } = await import('../dist/bin/crampwatch.js'));
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist')) throw error;
  console.error('crampwatch: dist/ is missing or incomplete; run `npm run build` in the crampwatch folder (npm ci does it too)');
  process.exit(1);
}
process.exitCode = await main(process.argv.slice(2));

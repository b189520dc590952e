#!/usr/bin/env node
// The installed command: runs the compiled JavaScript in dist/ (`npm run build`, run by `npm ci`
// and `npm pack` through `prepare`), so a start loads no compiler.
let main;
try {
  ({ main } = await import('../dist/src/cli/main.js'));
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist')) throw error;
  console.error('crampwatch: dist/ is missing or incomplete; run `npm run build` in the crampwatch folder (npm ci does it too)');
  process.exit(1);
}
process.exitCode = await main(process.argv.slice(2));

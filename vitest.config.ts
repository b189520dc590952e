import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // bin/crampwatch.js runs dist/: rebuilt first when a source is newer
    globalSetup: ['test/helpers/build-dist.ts'],
    // Integration tests start real mosquitto and influxd processes.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Two cores on CI: more workers only fight over them.
    maxWorkers: 2,
  },
});

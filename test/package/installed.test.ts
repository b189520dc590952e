// crampwatch as a user installs it: `npm pack`, then `npm install -g` of the tarball into an empty
// prefix, and the installed command run from an empty folder — demo, replay, summary, report,
// --version — with nothing of the source tree (no tsx, no src/, no node_modules of ours) in reach.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };

let dir: string;
let tarball: string;
let bin: string;
let work: string;
// an environment without the repository's tools: only node and npm on the PATH
const env = { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: tmpdir(), LOG_LEVEL: 'warn', npm_config_update_notifier: 'false' };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-package-'));
  // dist/ is fresh (test/helpers/build-dist.ts); pack what it holds, as `npm pack` does after prepare
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, maxBuffer: 16 << 20 });
  tarball = join(dir, (JSON.parse(stdout) as { filename: string }[])[0].filename);
  const prefix = join(dir, 'prefix');
  // npm as this machine's user has it set up (its cache, and its global and user config, where a
  // machine behind a TLS-inspecting proxy keeps its `cafile`): `--prefix` alone would move the
  // global config to PREFIX/etc/npmrc, and a first download would then fail on the certificate
  const globalconfig = (await run('npm', ['config', 'get', 'globalconfig'], { cwd: ROOT })).stdout.trim();
  const userNpm = { npm_config_cache: join(process.env.HOME ?? tmpdir(), '.npm'), npm_config_globalconfig: globalconfig, npm_config_userconfig: join(process.env.HOME ?? tmpdir(), '.npmrc') };
  await run('npm', ['install', '-g', '--prefix', prefix, tarball, '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir, env: { ...env, ...userNpm }, timeout: 120_000 });
  bin = join(prefix, 'bin/crampwatch');
  work = join(dir, 'work');
  await mkdir(work);
}, 180_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the packed tarball, installed globally', () => {
  it('holds the bundled code and the command, not the sources, the unbundled build, tests or benchmarks', async () => {
    const { stdout } = await run('tar', ['tzf', tarball]);
    const files = stdout.trim().split('\n');
    expect(files).toContain('package/bin/crampwatch.js');
    expect(files).toContain('package/dist/bin/crampwatch.js');
    expect(files.some((f) => /^package\/dist\/bin\/demo-\w+\.js$/.test(f))).toBe(true); // the demo with its sensor
    expect(files.filter((f) => /\.ts$|^package\/(src|test|bench|fixtures|deploy|scripts|dist\/src|dist\/firmware-sim)\//.test(f))).toEqual([]);
    expect((await stat(tarball)).size).toBeLessThan(1 << 20);
  });

  it('is a command of its own, outside the source tree', async () => {
    const installed = await realpath(bin);
    expect(installed.startsWith(dir)).toBe(true);
    expect(installed.startsWith(ROOT)).toBe(false);
    const { stdout } = await run(bin, ['--version'], { cwd: work, env });
    expect(stdout.trim()).toBe(manifest.version);
  });

  it('runs demo, then replay, summary and report on what the demo wrote', async () => {
    // the demo's wearer (seed 4, simulated): a diuretic, a long day's exercise, asleep on the stomach
    const demo = await run(bin, ['demo', '--hours', '0.2', '--out', 'night'], { cwd: work, env, timeout: 120_000, maxBuffer: 16 << 20 });
    expect(demo.stdout).toMatch(/Night of \d{4}-\d\d-\d\d/);
    expect(demo.stdout).toMatch(/possible cause: a medicine — .*diuretic/);
    expect(demo.stdout).toMatch(/possible cause: tired muscles — you exercised/);
    const capture = join(work, 'night/night.ndjson.gz');
    expect(demo.stdout).toContain(`Capture of the night: ${capture}`);
    expect(demo.stdout).toContain(`Morning report: ${join(work, 'night/report.html')}`);
    expect((await stat(capture)).size).toBeGreaterThan(0);

    const replay = await run(bin, ['replay', capture, '--episodes', join(work, 'episodes.json')], { cwd: work, env, timeout: 60_000, maxBuffer: 16 << 20 });
    expect(replay.stdout.length).toBeGreaterThan(0);
    expect(Array.isArray(JSON.parse(await readFile(join(work, 'episodes.json'), 'utf8')))).toBe(true);

    const summary = await run(bin, ['summary', '--store', join(work, 'night/store')], { cwd: work, env, timeout: 60_000 });
    expect(summary.stdout).toMatch(/Night of/);

    const report = await run(bin, ['report', '--store', join(work, 'night/store'), '--out', join(work, 'report.html')], { cwd: work, env, timeout: 60_000 });
    expect(report.stdout + report.stderr).toContain('report.html');
    expect(await readFile(join(work, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/i);
  });
});

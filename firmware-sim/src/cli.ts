// `npm run sim -- capture|publish|spec ...`: make a night into a capture file, or play it to a broker.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PRESETS } from './scenario/presets.ts';
import { randomNightSpec, writeCapture, type NightOptions } from './night.ts';

const HELP = `usage: npm run sim -- <command> [options]

commands:
  capture --seed N --out FILE.ndjson.gz   write a simulated night and FILE.truth.json beside it
                                          (FILE.cwcap: the compact capture, docs/compact-capture.md)
  publish --url mqtt://HOST:PORT --seed N  publish a night over MQTT like the sensor would
  spec    --seed N                         print the night's scenario (JSON) without rendering it
  series  --reason R --out DIR             consecutive nights of one wearer built so that the "see a
                                           doctor" reason R (frequent, severe, worsening, long,
                                           not_improving) is raised by the last night, or, with
                                           --control, so that none is: DIR/night-NN.ndjson.gz, their
                                           truth, and DIR/series.json (what it was built for)

options:
  --seed N          the night's seed (default 1)
  --preset NAME     a named scenario: ${Object.keys(PRESETS).join(', ')}
  --hours H         length of the night (default 8, or the preset's)
  --legs 1|2        one sensor or one on each leg
  --cramps N        exact number of cramps (random nights)
  --fs HZ           EMG sampling rate (500, 1000, 2000 …)
  --frame-ms MS     frame length
  --binary          binary frames (base64 in captures) instead of JSON
  --clean           no frame loss, outages, duplicates or garbage
  --whole-leg       thigh and sole leads and a thigh accelerometer, with their cramps and look-alikes
  --no-diary        the app sends no diary after the night (PROTOCOL §10.4)
  --start WHEN      when the night starts: an ISO time, or "now"; publish's default makes the
                    night end as the publishing ends (at --speed 60 an 8 h night runs from 8 h
                    ago to now, so its samples are never in the future and fall inside the
                    database's signal retention); capture's default is the seed's own date
  --speed X         publish: times real time (default 60; "max" = as fast as the broker takes them)
  --username U, --password P   publish: broker credentials
  --ca FILE         publish: the CA certificate (PEM) of a broker on mqtts://HOST:8883
  --qos 0|1         publish: QoS for frames (default 1)
  --nights N        series: how many nights (default and least: frequent 4, severe 2 (1),
                    worsening 6, long 2 (1), not_improving 3)
  --control         series: the control series of the reason, where no reason should be raised
  --longer          series: worsening by worse cramps (lasting minutes) rather than more of them
  --tz ZONE         the wearer's IANA time zone, in the profile (default none: UTC); capture and
                    spec keep the drawn bedtime as local time there
  --first-evening D series: the evening of the first night, YYYY-MM-DD in --tz
  -h, --help        this help`;

function nightOptions(values: Record<string, string | boolean | undefined>): NightOptions {
  const number = (key: string): number | undefined => (values[key] === undefined ? undefined : Number(values[key]));
  const options: NightOptions = {};
  if (values.preset) options.preset = String(values.preset);
  if (values.hours !== undefined) options.hours = number('hours');
  if (values.legs !== undefined) options.legs = number('legs') === 2 ? 2 : 1;
  if (values.cramps !== undefined) options.cramps = number('cramps');
  if (values.fs !== undefined) options.emgFsHz = number('fs');
  if (values['frame-ms'] !== undefined) options.frameMs = number('frame-ms');
  if (values.clean) options.transport = false;
  if (values['whole-leg']) options.wholeLeg = true;
  if (values.tz !== undefined) options.tz = String(values.tz);
  return options;
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      seed: { type: 'string' },
      preset: { type: 'string' },
      hours: { type: 'string' },
      legs: { type: 'string' },
      cramps: { type: 'string' },
      fs: { type: 'string' },
      'frame-ms': { type: 'string' },
      start: { type: 'string' },
      binary: { type: 'boolean' },
      'whole-leg': { type: 'boolean' },
      clean: { type: 'boolean' },
      'no-diary': { type: 'boolean' },
      out: { type: 'string' },
      url: { type: 'string' },
      speed: { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      ca: { type: 'string' },
      qos: { type: 'string' },
      reason: { type: 'string' },
      nights: { type: 'string' },
      control: { type: 'boolean' },
      longer: { type: 'boolean' },
      tz: { type: 'string' },
      'first-evening': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command] = positionals;
  if (values.help || !command) {
    console.log(HELP);
    return values.help ? 0 : 2;
  }
  const seed = Number(values.seed ?? 1);
  if (!Number.isInteger(seed)) {
    console.error(`--seed must be an integer, got ${values.seed}`);
    return 2;
  }
  if (values.tz !== undefined && !knownTimeZone(String(values.tz))) {
    console.error(`--tz: unknown time zone "${values.tz}" (an IANA name such as America/Los_Angeles)`);
    return 2;
  }
  if (command === 'series') return seriesCommand(values, seed);
  const options = nightOptions(values);
  const speed = values.speed === 'max' || values.speed === 'Infinity' ? Infinity : Number(values.speed ?? 60);
  if (values.start !== undefined) {
    const startMs = values.start === 'now' ? Date.now() : Date.parse(values.start);
    if (!Number.isFinite(startMs)) {
      console.error(`--start wants an ISO time or "now", got ${values.start}`);
      return 2;
    }
    options.startMs = startMs;
  } else if (command === 'publish') {
    options.startMs = nightEndingNow(randomNightSpec(seed, options), speed);
  }
  const spec = randomNightSpec(seed, options);
  if (command === 'spec') {
    console.log(JSON.stringify(spec, null, 1));
    return 0;
  }
  if (command === 'capture') {
    if (!values.out) {
      console.error('capture needs --out FILE.ndjson.gz');
      return 2;
    }
    const started = performance.now();
    const { truthPath, lines } = await writeCapture(spec, values.out, { binary: values.binary, diary: !values['no-diary'] });
    const cramps = spec.truth.filter((e) => e.kind === 'cramp').length;
    console.log(`${values.out}: ${lines} lines, ${cramps} cramps, ${((spec.endMs - spec.startMs) / 3_600_000).toFixed(2)} h, ${spec.devices.length} device(s), in ${((performance.now() - started) / 1000).toFixed(1)} s; truth in ${truthPath}`);
    return 0;
  }
  if (command === 'publish') {
    if (!values.url) {
      console.error('publish needs --url mqtt://HOST:PORT');
      return 2;
    }
    const { publishNight } = await import('./publish.ts');
    const controller = new AbortController();
    process.once('SIGINT', () => controller.abort());
    const result = await publishNight(spec, {
      url: values.url,
      username: values.username,
      password: values.password,
      ca: values.ca === undefined ? undefined : readFileSync(values.ca),
      speed,
      binary: values.binary,
      diary: !values['no-diary'],
      qos: values.qos === '0' ? 0 : 1,
      signal: controller.signal,
      onProgress: (sent) => process.stderr.write(`\rsent ${sent}`),
    });
    process.stderr.write('\n');
    console.log(JSON.stringify(result));
    return 0;
  }
  console.error(`unknown command "${command}"\n\n${HELP}`);
  return 2;
}

function knownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

async function seriesCommand(values: Record<string, string | boolean | undefined>, seed: number): Promise<number> {
  const { isSeriesReason, writeSeries } = await import('./series-command.ts');
  const reason = String(values.reason ?? '');
  if (!isSeriesReason(reason)) {
    console.error(`series needs --reason frequent|severe|worsening|long|not_improving, got "${reason}"`);
    return 2;
  }
  if (!values.out) {
    console.error('series needs --out DIR');
    return 2;
  }
  const tz = values.tz === undefined ? undefined : String(values.tz);
  const evening = values['first-evening'] === undefined ? undefined : String(values['first-evening']);
  if (evening !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(evening)) {
    console.error(`--first-evening wants YYYY-MM-DD, got ${evening}`);
    return 2;
  }
  const nights = values.nights === undefined ? undefined : Number(values.nights);
  if (nights !== undefined && !(Number.isInteger(nights) && nights > 0)) {
    console.error(`--nights wants a whole number of nights, got ${values.nights}`);
    return 2;
  }
  const night = nightOptions(values);
  const started = performance.now();
  const { captures, description } = await writeSeries({
    reason,
    control: values.control === true,
    longer: values.longer === true,
    nights,
    seed,
    tz,
    firstEvening: evening,
    hours: night.hours,
    emgFsHz: night.emgFsHz,
    frameMs: night.frameMs,
    out: String(values.out),
    binary: values.binary === true,
  });
  const cramps = description.nights.map((n) => n.cramps).join(' ');
  console.log(`${values.out}: ${captures.length} nights of ${description.wearer} (${description.device}, ${description.tz}), cramps a night ${cramps}; built to raise: ${description.reasons.join(', ') || 'nothing (control)'}; in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(`replay them: npx crampwatch replay ${captures.join(' ')} --summaries NIGHTS.json`);
  return 0;
}

/** A start that makes the night's last sample due as the publishing ends, `speed` times real time. */
function nightEndingNow(spec: { startMs: number; endMs: number }, speed: number): number {
  const lengthMs = spec.endMs - spec.startMs;
  const wallMs = Number.isFinite(speed) && speed > 0 ? lengthMs / speed : 0;
  return Math.round(Date.now() + wallMs - lengthMs);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}

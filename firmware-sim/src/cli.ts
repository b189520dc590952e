// `npm run sim -- capture|publish|spec ...`: make a night into a capture file, or play it to a broker.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PRESETS } from './scenario/presets.ts';
import { randomNightSpec, writeCapture, type NightOptions } from './night.ts';

const HELP = `usage: npm run sim -- <command> [options]

commands:
  capture --seed N --out FILE.ndjson.gz   write a simulated night and FILE.truth.json beside it
  publish --url mqtt://HOST:PORT --seed N  publish a night over MQTT like the sensor would
  spec    --seed N                         print the night's scenario (JSON) without rendering it

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
  --start WHEN      when the night starts: an ISO time, or "now"; publish's default makes the
                    night end as the publishing ends (at --speed 60 an 8 h night runs from 8 h
                    ago to now, so its samples are never in the future and fall inside the
                    database's signal retention); capture's default is the seed's own date
  --speed X         publish: times real time (default 60; "max" = as fast as the broker takes them)
  --username U, --password P   publish: broker credentials
  --ca FILE         publish: the CA certificate (PEM) of a broker on mqtts://HOST:8883
  --qos 0|1         publish: QoS for frames (default 1)
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
      out: { type: 'string' },
      url: { type: 'string' },
      speed: { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      ca: { type: 'string' },
      qos: { type: 'string' },
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
    const { truthPath, lines } = await writeCapture(spec, values.out, { binary: values.binary });
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

// The checkpoint field of the carried nights (src/app/nats/night-carry.ts), without a server: it is
// read tolerantly (a checkpoint of another version or a damaged entry is no carried night), and
// a partition's nights stay under MAX_CARRIED_BYTES however many devices and episodes it has.
// How a night moves between owners on a real nats-server: test/scale/night-handover.test.ts.
import { describe, expect, it } from 'vitest';
import { MAX_CARRIED_BYTES, MAX_CARRIED_EPISODES, NightCarry, carriedNightsOf } from '../../src/app/nats/night-carry.ts';
import type { CoreSink } from '../../src/core/types.ts';
import { episode, stats } from '../causes/helpers.ts';

const quiet: CoreSink = { episode: () => {}, signal: () => {}, limbMovement: () => {} };

describe('carried nights', () => {
  it('reads only the version it knows, and skips damaged entries', () => {
    expect(carriedNightsOf(undefined).size).toBe(0);
    expect(carriedNightsOf({ v: 2, devices: { a: { stats: stats({ device: 'a' }), episodes: [] } } }).size).toBe(0);
    const read = carriedNightsOf({ v: 1, devices: { a: { stats: stats({ device: 'a' }), episodes: [] }, b: { episodes: [] }, c: null } });
    expect([...read.keys()]).toEqual(['a']);
  });

  it('carries a night read from a checkpoint on, unchanged, while its device sends nothing', () => {
    const night = { stats: stats({ device: 'a', recordedMs: 3_600_000 }), episodes: [episode({ device: 'a', id: 'a-1' })] };
    const carry = new NightCarry(carriedNightsOf({ v: 1, devices: { a: night } }));
    expect(carry.absentDevices()).toEqual(['a']);
    expect(carry.snapshot().devices.a).toEqual(night);
    expect(carry.nightEnded('a').map((e) => e.id)).toEqual(['a-1']);
    expect(carry.snapshot().devices).toEqual({});
  });

  it('keeps a partition of many devices with many episodes under MAX_CARRIED_BYTES, every device\'s statistics whole', () => {
    const carry = new NightCarry(new Map([...Array(400).keys()].map((i) => [`d${i}`, { stats: stats({ device: `d${i}` }), episodes: [] }])));
    const sink = carry.tap(quiet);
    for (let i = 0; i < 400; i++) for (let k = 0; k < 40; k++) sink.episode(episode({ device: `d${i}`, id: `d${i}-${k}`, start: 1_000_000 * k }));
    const nights = carry.snapshot();
    const bytes = JSON.stringify(nights).length;
    console.log(`400 devices × ${MAX_CARRIED_EPISODES} episodes: ${bytes} bytes carried`);
    expect(bytes).toBeLessThanOrEqual(MAX_CARRIED_BYTES);
    expect(Object.keys(nights.devices)).toHaveLength(400);
    // what the live owner summarises is not trimmed: only the copy for the next one
    expect(carry.nightEnded('d0')).toHaveLength(MAX_CARRIED_EPISODES);
  });
});

// A night whose partition moves from one runner to the next, on one real nats-server: the summary
// published when the night ends must be the one a replay of the same frames gives (PROTOCOL §9),
// the part processed by earlier owners included: the detector's night statistics (span, recorded
// time, gaps, posture time, limb movements) and the episodes they closed (night-carry.ts, carried
// in the partition checkpoint). Moved by a graceful hand-over and by a crash (the owner stops
// without a last checkpoint: nothing written after its last periodic one, as a SIGKILL).
import type { JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitionOf } from '../../src/adapters/nats/partition.ts';
import { PARTITIONS, type Topology } from '../../src/adapters/nats/topology.ts';
import { createDeviceCore } from '../../src/app/core-factory.ts';
import { checkpointKey, type PartitionCheckpoint } from '../../src/app/nats/checkpoint.ts';
import { PartitionRunner } from '../../src/app/nats/partition-runner.ts';
import { summarizeNight, type NightSummary } from '../../src/causes/index.ts';
import type { NightStats } from '../../src/core/device-core.ts';
import type { CoreSink, Episode } from '../../src/core/types.ts';
import type { CaptureRecord } from '../../src/ingest/capture-line.ts';
import { replayLines } from '../../src/ingest/replay.ts';
import { silentLogger } from '../../src/log.ts';
import { until } from '../helpers/until.ts';
import { emptyPartition, publishAsBridge, startOneNode, takeRetryingFenced } from './support/runner-moves.ts';
import { deviceOf, isFrame, ward } from './support/nights.ts';

let nc: NatsConnection;
let js: JetStreamClient;
let topology: Topology;
let stopNode: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ nc, js, topology, stop: stopNode } = await startOneNode());
});
afterAll(async () => {
  await stopNode?.();
});

const summaryOf = (stats: NightStats, episodes: Episode[]): NightSummary => summarizeNight({ device: stats.device, episodes, stats });

/** The night as one uninterrupted process has it: a replay of the same records. */
async function replaySummary(records: CaptureRecord[]): Promise<NightSummary> {
  const closes: Episode[] = [];
  const result = await replayLines(records, { createCore: createDeviceCore, sink: { episode: (e) => void (e.event === 'close' && closes.push(e)), signal: () => {}, limbMovement: () => {} } });
  expect(result.nightStats).toHaveLength(1);
  return summaryOf(result.nightStats[0], closes);
}

type Move = 'handover' | 'crash';

describe('a night moved from one owner to the next', () => {
  // where the partition moves: a fraction of the night's frames, or seconds after the first cramp's start (device clock)
  for (const [name, how, preset, seed, at] of [
    ['after its cramp closed', 'handover', 'cramp', 501, { afterCloseS: 10 }],
    ['after its cramp closed', 'crash', 'cramp', 501, { afterCloseS: 10 }],
    ['in the middle of its cramp', 'handover', 'blanket-cramp', 509, { intoCrampS: 10 }],
    ['in the middle of its cramp', 'crash', 'blanket-cramp', 509, { intoCrampS: 10 }],
    ['in the middle of its limb movements', 'handover', 'plm', 503, { fraction: 0.5 }],
    ['in the middle of its limb movements', 'crash', 'plm', 503, { fraction: 0.5 }],
  ] as const) {
    it(`${how} ${name} (${preset}): the night's summary is the replay's`, async () => {
      const prefix = `n${how[0]}${preset.replace(/-/g, '')}${seed}`;
      const records = ward([[preset, seed, prefix]], { aroundCrampsMs: 90_000 });
      const device = deviceOf(records[0]);
      const reference = await replaySummary(records);
      const partition = partitionOf(device, PARTITIONS);
      const frames = records.filter(isFrame);
      let cutFrame: CaptureRecord;
      if ('fraction' in at) cutFrame = frames[Math.floor(frames.length * at.fraction)];
      else {
        const events: Episode[] = [];
        await replayLines(records, { createCore: createDeviceCore, sink: { episode: (e) => void events.push(e), signal: () => {}, limbMovement: () => {} } });
        const cramp = events.find((e) => e.event === 'close')!;
        const cutMs = 'intoCrampS' in at ? cramp.start + at.intoCrampS * 1000 : cramp.end! + at.afterCloseS * 1000;
        cutFrame = frames.find((r) => (r.json as { t: number }).t > cutMs)!;
      }
      const cut = records.indexOf(cutFrame);
      expect(cut).toBeGreaterThan(0);

      await emptyPartition(nc, topology, partition);
      let handled = 0;
      let epoch = 0;
      const ended: NightSummary[] = [];
      const sink: CoreSink = { episode: () => {}, signal: () => {}, limbMovement: () => {} };
      const start = () =>
        PartitionRunner.start({
          js,
          checkpoints: topology.checkpoints,
          worker: `w${++epoch}`,
          partition,
          epoch,
          createCore: createDeviceCore,
          sink,
          events: { rejected: () => {}, nightEnded: (stats, _counters, episodes) => void ended.push(summaryOf(stats, episodes)) },
          logger: silentLogger(),
          onFenced: () => {},
          onFrame: (_device, _seq, streamSeq) => void (handled = streamSeq),
        });
      const runner = () => takeRetryingFenced(start);

      const first = await runner();
      // the last 20 frames before the move come a second after the rest: their first is written
      // in a periodic checkpoint (at most a second apart), the others are processed after it
      const early = records.indexOf(frames[frames.indexOf(cutFrame) - 20]);
      const beforeEarly = await publishAsBridge(js, records.slice(0, early));
      await until(() => handled >= beforeEarly, 30_000, 'the first owner caught up');
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const beforeMove = await publishAsBridge(js, records.slice(early, cut));
      await until(() => handled >= beforeMove, 30_000, 'the first owner caught up');
      const checkpointed = async () => (await topology.checkpoints.get(checkpointKey(partition)))?.json<PartitionCheckpoint>();
      await until(async () => ((await checkpointed())?.seq ?? 0) > beforeEarly, 10_000, 'a periodic checkpoint past the first part');
      // a crash: nothing written after that last periodic checkpoint, so the frames after it are
      // processed again by the new owner; a hand-over writes a last one
      await first.stop(how === 'crash' ? 'fenced' : 'handover');
      const checkpoint = (await checkpointed())!;
      if (how === 'crash') expect(checkpoint.seq).toBeLessThan(beforeMove);
      else expect(checkpoint.seq).toBe(beforeMove);
      expect(checkpoint.nights?.devices[device]).toBeDefined();
      const carriedBytes = JSON.stringify(checkpoint.nights!.devices[device]).length;
      console.log(`${how} ${preset}: checkpoint ${JSON.stringify(checkpoint).length} bytes, the device's night ${carriedBytes} bytes with ${checkpoint.nights!.devices[device].episodes.length} episodes`);

      const second = await runner();
      const last = await publishAsBridge(js, records.slice(cut));
      await until(() => handled >= last, 30_000, 'the second owner caught up');
      // the night ends here, as the idle check ends it (PartitionRunner.tick)
      second.ingestor.endNight(device);
      await second.stop('handover');

      expect(ended).toHaveLength(1);
      const summary = ended[0];
      // the same night, field by field; a cramp open at the move ends within a few ms of the replay's
      // (the new owner's detector starts from the warm-up: partition-handover.test.ts)
      const { totalCrampS, longestCrampS, ...rest } = summary;
      const { totalCrampS: refTotal, longestCrampS: refLongest, ...refRest } = reference;
      expect(rest).toEqual(refRest);
      if (totalCrampS !== refTotal) console.log(`${how} ${preset}: total cramp ${totalCrampS} s, replay ${refTotal} s`);
      expect(Math.abs(totalCrampS - refTotal)).toBeLessThanOrEqual(0.1);
      expect(Math.abs(longestCrampS - refLongest)).toBeLessThanOrEqual(0.1);
    });
  }

  it('a night that came with the partition, its device silent since, ends on the new owner once idle: the replay\'s summary', async () => {
    const records = ward([['cramp', 501, 'nsilent']], { aroundCrampsMs: 90_000 });
    const device = deviceOf(records[0]);
    const partition = partitionOf(device, PARTITIONS);
    const reference = await replaySummary(records);
    await emptyPartition(nc, topology, partition);
    let handled = 0;
    const ended: NightSummary[] = [];
    const start = (epoch: number) =>
      PartitionRunner.start({
        js,
        checkpoints: topology.checkpoints,
        worker: `w${epoch}`,
        partition,
        epoch,
        createCore: createDeviceCore,
        sink: { episode: () => {}, signal: () => {}, limbMovement: () => {} },
        events: { rejected: () => {}, nightEnded: (stats, _counters, episodes) => void ended.push(summaryOf(stats, episodes)) },
        logger: silentLogger(),
        onFenced: () => {},
        onFrame: (_device, _seq, streamSeq) => void (handled = streamSeq),
      });
    const first = await start(1);
    const last = await publishAsBridge(js, records);
    await until(() => handled >= last, 30_000, 'the first owner caught up');
    await first.stop('handover');
    const second = await start(2);
    // the night's idle time (here 1 ms) since the take-over, as PartitionRunner.tick sees it
    await until(() => {
      second.tick(Date.now(), 1);
      return ended.length > 0;
    }, 5000, 'the silent device\'s night ended');
    await second.stop('handover');
    expect(ended).toHaveLength(1);
    expect(ended[0]).toEqual(reference);
    // and it is no longer carried
    const checkpoint = (await topology.checkpoints.get(checkpointKey(partition)))!.json<PartitionCheckpoint>();
    expect(checkpoint.nights?.devices[device]).toBeUndefined();
  });

  it('a checkpoint of an earlier version (no nights) still loads: the night starts afresh with the new owner', async () => {
    const records = ward([['cramp', 501, 'nold']], { aroundCrampsMs: 90_000 });
    const device = deviceOf(records[0]);
    const partition = partitionOf(device, PARTITIONS);
    await emptyPartition(nc, topology, partition);
    const cut = Math.floor(records.length / 2);
    const lastBefore = await publishAsBridge(js, records.slice(0, cut));
    const old: PartitionCheckpoint = { v: 1, partition, worker: 'old', epoch: 1, seq: lastBefore, fromSeq: lastBefore - 20, episodes: [], atMs: Date.now() };
    await topology.checkpoints.put(checkpointKey(partition), JSON.stringify(old));
    let handled = 0;
    const ended: NightStats[] = [];
    const runner = await PartitionRunner.start({
      js,
      checkpoints: topology.checkpoints,
      worker: 'new',
      partition,
      epoch: 2,
      createCore: createDeviceCore,
      sink: { episode: () => {}, signal: () => {}, limbMovement: () => {} },
      events: { rejected: () => {}, nightEnded: (stats) => void ended.push(stats) },
      logger: silentLogger(),
      onFenced: () => {},
      onFrame: (_device, _seq, streamSeq) => void (handled = streamSeq),
    });
    const last = await publishAsBridge(js, records.slice(cut));
    await until(() => handled >= last, 30_000, 'the new owner caught up');
    runner.ingestor.endNight(device);
    await runner.stop('handover');
    expect(ended).toHaveLength(1);
    // what it processed itself (and its warm-up): less than the night, as before nights were carried
    expect(ended[0].recordedMs).toBeGreaterThan(0);
    expect(ended[0].recordedMs).toBeLessThan((await replaySummary(records)).recordedMs);
  });
});

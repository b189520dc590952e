// The publisher against a real mosquitto: everything arrives, retained status and profile are
// there for late subscribers, and frames sampled while the broker is away arrive late, not lost.
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nightMessages, randomNightSpec } from '../../firmware-sim/src/index.ts';
import { publishNight } from '../../firmware-sim/src/publish.ts';
import { decodeMessage } from '../../src/protocol/decode.ts';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto.ts';

let broker: Mosquitto;
beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(async () => {
  await broker?.stop();
});

function expectedSeqs(spec: ReturnType<typeof randomNightSpec>): Set<number> {
  const seqs = new Set<number>();
  for (const line of nightMessages(spec)) if (line.topic.endsWith('/frames')) seqs.add((line.json as { seq: number }).seq);
  return seqs;
}

async function subscriber(clientId: string) {
  const client = await mqtt.connectAsync(broker.url, { clientId, clean: false, reconnectPeriod: 200 });
  const seqs = new Set<number>();
  const retained: Record<string, unknown> = {};
  client.on('message', (topic, payload, packet) => {
    if (topic.endsWith('/frames')) {
      const message = decodeMessage(topic, { bytes: payload });
      if (message.ok && message.kind === 'frames') seqs.add(message.frame.seq);
    } else if (packet.retain) retained[topic.split('/')[3]] = JSON.parse(payload.toString());
  });
  await client.subscribeAsync('crampwatch/v1/#', { qos: 1 });
  return { client, seqs, retained };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 50));
}

describe('publishNight', () => {
  it('publishes every frame, with retained status and profile', async () => {
    const spec = randomNightSpec(21, { preset: 'quiet', hours: 0.02, legs: 1, frameMs: 250 });
    const expected = expectedSeqs(spec);
    const sub = await subscriber('sim-test-a');
    const result = await publishNight(spec, { url: broker.url, speed: Infinity });
    await until(() => sub.seqs.size >= expected.size);
    expect([...expected].every((s) => sub.seqs.has(s))).toBe(true);
    expect(result.dropped).toBe(0);
    await sub.client.endAsync();
    // a late subscriber sees the retained messages
    const late = await subscriber('sim-test-late');
    await until(() => 'profile' in late.retained && 'status' in late.retained);
    expect((late.retained.status as { state: string }).state).toBe('offline');
    expect((late.retained.profile as { v: number }).v).toBe(1);
    await late.client.endAsync();
  });

  it('holds frames while the broker restarts and sends them late, original seq intact', async () => {
    const spec = randomNightSpec(22, { preset: 'quiet', hours: 0.03, legs: 1, frameMs: 100 });
    const expected = expectedSeqs(spec);
    const sub = await subscriber('sim-test-b');
    const publishing = publishNight(spec, { url: broker.url, speed: 30, bufferFrames: 5000 });
    await until(() => sub.seqs.size > 50);
    await broker.restart();
    const result = await publishing;
    await until(() => sub.seqs.size >= expected.size);
    expect(result.late).toBeGreaterThan(0);
    expect(result.dropped).toBe(0);
    expect([...expected].every((s) => sub.seqs.has(s))).toBe(true);
    await sub.client.endAsync();
  });
});

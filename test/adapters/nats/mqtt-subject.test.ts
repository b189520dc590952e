// The topic a NATS subject came from, against subjects nats-server 2.9.10's MQTT listener was
// seen to make of those topics (test/scale/malformed-topics.test.ts publishes them for real).
import { describe, expect, it } from 'vitest';
import { mqttTopicOfSubject } from '../../../src/adapters/nats/mqtt-subject.ts';
import { isOutboundSubject, topicOfSubject } from '../../../src/adapters/nats/topology.ts';

describe('mqttTopicOfSubject', () => {
  it.each([
    ['crampwatch.v1.leg-01.frames', 'crampwatch/v1/leg-01/frames'],
    ['crampwatch.v1./.frames', 'crampwatch/v1//frames'],
    ['/.crampwatch.v1.x.frames', '/crampwatch/v1/x/frames'],
    ['crampwatch.v1.x.frames./', 'crampwatch/v1/x/frames/'],
    ['crampwatch.v1.a.b.frames', 'crampwatch/v1/a/b/frames'],
    // a '.' inside a level, as servers after 2.9 write it
    ['crampwatch.v1.leg//01.frames', 'crampwatch/v1/leg.01/frames'],
  ])('%s came from %s', (subject, topic) => {
    expect(mqttTopicOfSubject(subject)).toBe(topic);
  });

  it('a partitioned subject gives back the topic with its empty device id', () => {
    expect(topicOfSubject('crampwatch.part.30./.frames')).toBe('crampwatch/v1//frames');
    expect(topicOfSubject('crampwatch.meta.7.leg-01.status')).toBe('crampwatch/v1/leg-01/status');
  });

  it('only the episodes and summaries of one device are outbound', () => {
    expect(isOutboundSubject('crampwatch.v1.leg-01.episodes')).toBe(true);
    expect(isOutboundSubject('crampwatch.v1.leg-01.summary')).toBe(true);
    expect(isOutboundSubject('crampwatch.v1.leg-01.x.episodes')).toBe(false);
    expect(isOutboundSubject('crampwatch.v1.leg-01.secrets')).toBe(false);
  });
});

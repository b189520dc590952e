// The frame bridge's routing: each ingress subject the servers' mappings make goes to the stream
// subject its partition's owner reads (frames to the frames stream, the rest to the meta stream),
// and the mappings cover exactly the kinds the bridge routes.
import { describe, expect, it } from 'vitest';
import { subjectOfStored } from '../../../src/adapters/nats/mqtt-store.ts';
import { META_KINDS, framesSubject, ingressSubject, metaSubject, serverMappings, streamSubjectOf, topicOfSubject } from '../../../src/adapters/nats/topology.ts';

describe('ingress subjects', () => {
  it('go to the partition subject of their kind', () => {
    expect(streamSubjectOf(ingressSubject(7, 'leg-01', 'frames'))).toBe(framesSubject(7, 'leg-01'));
    for (const kind of META_KINDS) expect(streamSubjectOf(ingressSubject(63, 'a_b', kind))).toBe(metaSubject(63, 'a_b', kind));
    // and the owner reads the MQTT topic back from it
    expect(topicOfSubject(streamSubjectOf('crampwatch.in.7.leg-01.frames')!)).toBe('crampwatch/v1/leg-01/frames');
  });

  it('refuse what is not an ingress subject of a known kind', () => {
    for (const subject of ['crampwatch.in.7.leg-01.episodes', 'crampwatch.in.7.frames', 'crampwatch.part.7.leg-01.frames', 'crampwatch.in.7.a.b.frames']) {
      expect(streamSubjectOf(subject)).toBeUndefined();
    }
  });

  it('are where the servers map every inbound kind, and only those', () => {
    const mappings = serverMappings(64);
    for (const kind of ['frames', ...META_KINDS]) expect(mappings).toContain(`"crampwatch.v1.*.${kind}": "crampwatch.in.{{partition(64,1)}}.{{wildcard(1)}}.${kind}"`);
    expect(mappings).not.toContain('episodes');
    expect(mappings).not.toContain('summary');
  });

  it('are read back from the MQTT store without its prefix', () => {
    expect(subjectOfStored('$MQTT.msgs.crampwatch.in.7.leg-01.frames')).toBe('crampwatch.in.7.leg-01.frames');
  });
});

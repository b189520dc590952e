// Messages on malformed topics, in NATS mode. The servers' mappings move each well-formed inbound
// topic (crampwatch/v1/{id}/{kind}) onto a partition, so the partitions' owners never see a
// topic with an unknown kind or a level too many or too few: it stays on its own subject under
// crampwatch.v1. This watch takes those, one queue group over all workers (each message counted
// once, by one worker), and rejects each with the code and reason the single process gives the
// same topic (parseInboundTopic), so it is counted, logged once and kept like any rejection.
// A device id the mappings do take but PROTOCOL §2 does not (a '!', an empty id) reaches the
// partition's owner, which rejects it there. Taken from the plain subject: at most once, as
// the plain subject offers; while no worker runs, such messages are not counted.
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import type { Logger } from '../../log.ts';
import type { WirePayload } from '../../protocol/decode.ts';
import type { Rejection } from '../../protocol/rejection.ts';
import { parseInboundTopic } from '../../protocol/topics.ts';
import { mqttTopicOfSubject } from '../../adapters/nats/mqtt-subject.ts';
import { MALFORMED_QUEUE, UNMAPPED_SUBJECTS, isOutboundSubject } from '../../adapters/nats/topology.ts';

export interface MalformedTopicsOptions {
  nc: NatsConnection;
  logger: Logger;
  /** as IngestEvents.rejected: count it, keep it */
  rejected(rejection: Rejection, topic: string, payload: WirePayload, rxMs: number): void;
  clock?: () => number;
}

export interface MalformedTopicsWatch {
  /** well-formed messages that arrived unmapped: the servers lack crampwatch's mappings */
  unmapped(): number;
  stop(): void;
}

export function watchMalformedTopics(options: MalformedTopicsOptions): MalformedTopicsWatch {
  const clock = options.clock ?? Date.now;
  let unmapped = 0;
  const subscription: Subscription = options.nc.subscribe(UNMAPPED_SUBJECTS, {
    queue: MALFORMED_QUEUE,
    callback: (_error, message) => {
      if (isOutboundSubject(message.subject)) return;
      const topic = mqttTopicOfSubject(message.subject);
      const route = parseInboundTopic(topic);
      if (!route.ok) {
        options.rejected(route, topic, { bytes: message.data }, clock());
        return;
      }
      // a well-formed topic no mapping took: nothing of this kind reaches a partition
      if (unmapped++ === 0) {
        options.logger.error({ topic, subject: message.subject }, 'a well-formed message arrived unmapped: the NATS servers lack crampwatch\'s mappings (deploy/nats/nats.conf, serverMappings()); such messages are not processed');
      }
    },
  });
  return {
    unmapped: () => unmapped,
    stop: () => subscription.unsubscribe(),
  };
}

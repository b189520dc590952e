// MQTT topics of PROTOCOL §2. The device id is checked here, once: after this point it is safe
// to use as a tag, a file name or in a query.
import { reject, type Rejection } from './rejection.ts';

export const DEVICE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const TOPIC_PREFIX = 'crampwatch/v1/';

export const INBOUND_KINDS = ['frames', 'status', 'profile', 'context', 'diary'] as const;
export type InboundKind = (typeof INBOUND_KINDS)[number];

export interface InboundTopic {
  ok: true;
  device: string;
  kind: InboundKind;
}

export function isDeviceId(id: string): boolean {
  return DEVICE_ID_PATTERN.test(id);
}

/** Topics seen lately and what they parse to: a sensor sends ten frames a second on one topic,
 *  so the split and the id pattern need not run on every one. Bounded: cleared when full. */
const recentTopics = new Map<string, InboundTopic | Rejection>();
const RECENT_TOPICS_MAX = 4096;

export function parseInboundTopic(topic: string): InboundTopic | Rejection {
  let route = recentTopics.get(topic);
  if (route) return route;
  route = Object.freeze(parseTopic(topic));
  if (recentTopics.size >= RECENT_TOPICS_MAX) recentTopics.clear();
  recentTopics.set(topic, route);
  return route;
}

function parseTopic(topic: string): InboundTopic | Rejection {
  if (!topic.startsWith(TOPIC_PREFIX)) return reject('bad_topic', 'topic is not under crampwatch/v1/');
  const parts = topic.slice(TOPIC_PREFIX.length).split('/');
  if (parts.length !== 2) return reject('bad_topic', 'topic must be crampwatch/v1/{id}/{kind}');
  const [device, kind] = parts;
  if (!isDeviceId(device)) return reject('bad_device_id', 'device id does not match ^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$');
  if (!(INBOUND_KINDS as readonly string[]).includes(kind)) return reject('bad_topic', 'unknown message kind');
  return { ok: true, device, kind: kind as InboundKind };
}

export const topicFor = {
  frames: (device: string) => `${TOPIC_PREFIX}${device}/frames`,
  status: (device: string) => `${TOPIC_PREFIX}${device}/status`,
  profile: (device: string) => `${TOPIC_PREFIX}${device}/profile`,
  context: (device: string) => `${TOPIC_PREFIX}${device}/context`,
  diary: (device: string) => `${TOPIC_PREFIX}${device}/diary`,
  episodes: (device: string) => `${TOPIC_PREFIX}${device}/episodes`,
  summary: (device: string) => `${TOPIC_PREFIX}${device}/summary`,
};

/** What the pipeline subscribes to: every device's inbound topics. */
export const INBOUND_SUBSCRIPTIONS = INBOUND_KINDS.map((kind) => `${TOPIC_PREFIX}+/${kind}`);

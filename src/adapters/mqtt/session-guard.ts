// One persistent MQTT session carries one pipeline. A second `crampwatch run` with the same
// client id takes the session over, the first reconnects and takes it back, and without this
// guard the two flap for as long as both live. The rule: the newcomer yields.
//
// How a pipeline knows: MQTT 5 says so, a DISCONNECT with reason 0x8E "Session taken over" to the
// client that loses it. mosquitto 2.0.11 queues that packet and closes the socket before it is
// written (seen in test/faults/session-taken-over.test.ts: the client sees a plain close), so the
// guard also reads the pattern: the broker closing an established connection (no socket error)
// that then reconnects at once. A pipeline that loses its session twice within its first
// `newcomerMs`, or is told 0x8E then, stops with an error that says why and what to do; the
// incumbent reconnects (taking the session back) and stops as well only if it keeps losing it
// (`maxDropsWhenIncumbent` within `windowMs`), so nothing ever flaps.
import type { MqttClient } from 'mqtt';
import type { Logger } from '../../log.ts';
import { redactedUrl } from '../../redacted-url.ts';

/** MQTT 5 reason code of a DISCONNECT sent because another client connected with our client id. */
export const SESSION_TAKEN_OVER = 0x8e;

export class SessionTakenOverError extends Error {}

export interface SessionGuardOptions {
  url: string;
  clientId: string;
  logger: Logger;
  /** the session's holder for less than this is the newcomer (default 10 s) */
  newcomerMs?: number;
  /** drops counted over this window (default 60 s) */
  windowMs?: number;
  /** an incumbent that loses the session this often within windowMs stops too (default 6) */
  maxDropsWhenIncumbent?: number;
  /** called once, after the client has been ended */
  onTakenOver(error: SessionTakenOverError): void;
  clock?: () => number;
}

export function guardSession(client: MqttClient, options: SessionGuardOptions): void {
  const clock = options.clock ?? Date.now;
  const newcomerMs = options.newcomerMs ?? 10_000;
  const windowMs = options.windowMs ?? 60_000;
  const maxDropsWhenIncumbent = options.maxDropsWhenIncumbent ?? 6;
  let firstConnectMs: number | undefined;
  let established = false;
  let socketError = false;
  let drops: number[] = [];
  let stopped = false;

  const stop = (said: string) => {
    if (stopped) return;
    stopped = true;
    const error = new SessionTakenOverError(
      `another crampwatch pipeline holds the MQTT session "${options.clientId}" on ${redactedUrl(options.url)} (${said}). ` +
        'One session carries one pipeline: stop the other one; or, to run several pipelines, run them as workers on NATS JetStream ' +
        '(CRAMPWATCH_NATS_URL, see docs/scale-out.md); a second pipeline with its own CRAMPWATCH_MQTT_CLIENT_ID would process every frame twice.',
    );
    client.end(true, () => options.onTakenOver(error));
  };
  const isNewcomer = (now: number) => firstConnectMs === undefined || now - firstConnectMs < newcomerMs;

  client.on('connect', () => {
    firstConnectMs ??= clock();
    established = true;
    socketError = false;
  });
  client.on('error', () => {
    socketError = true;
  });
  client.on('disconnect', (packet) => {
    if (packet.reasonCode === SESSION_TAKEN_OVER && isNewcomer(clock())) stop('the broker said: session taken over');
  });
  client.on('close', () => {
    // the pipeline ending its own connection (client.end) closes it too: that is no takeover
    if (!established || stopped || client.disconnecting) return;
    established = false;
    if (socketError) return; // the network or the broker went away: not a takeover
    const now = clock();
    drops = [...drops.filter((t) => now - t < windowMs), now];
    if (isNewcomer(now) && drops.length >= 2) stop('the broker closed this session twice in its first seconds: session taken over');
    else if (drops.length >= maxDropsWhenIncumbent) stop(`the broker closed this session ${drops.length} times in ${windowMs / 1000} s: session taken over`);
    else if (!isNewcomer(now)) options.logger.warn({ clientId: options.clientId }, 'the broker closed the session (another pipeline with this client id?); taking it back');
  });
}

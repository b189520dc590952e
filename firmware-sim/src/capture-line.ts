// One message as the simulator hands it on: what a capture line (PROTOCOL §7) holds, plus `raw`
// for a garbage line that is written verbatim (not even JSON).
export interface CaptureLine {
  /** receive time, epoch ms */
  rx: number;
  topic: string;
  json?: unknown;
  b64?: string;
  raw?: string;
}

export function captureText(line: CaptureLine): string {
  if (line.raw !== undefined) return line.raw;
  return JSON.stringify(line.json !== undefined ? { rx: line.rx, topic: line.topic, json: line.json } : { rx: line.rx, topic: line.topic, b64: line.b64 });
}

/** The MQTT payload the line stands for. */
export function payloadOf(line: CaptureLine): Buffer {
  if (line.raw !== undefined) return Buffer.from(line.raw);
  if (line.b64 !== undefined) return Buffer.from(line.b64, 'base64');
  return Buffer.from(JSON.stringify(line.json));
}

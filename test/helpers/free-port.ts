// A free TCP port on 127.0.0.1 for a test's server, chosen below the kernel's ephemeral range.
// A port the kernel picks (listen on 0) comes from that range, where every outgoing connection
// of the suite also takes its source port: between the check and the server's own bind one of
// them can take it (seen in CI: a nats-server route port 'address already in use'). Below the
// range only the suite's own listeners compete, and a random pick makes two of them meeting rare.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const LOWEST = 20_000;

export async function freePort(): Promise<number> {
  const ceiling = ephemeralRangeStart();
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * (ceiling - LOWEST));
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port between ${LOWEST} and ${ceiling} after 50 tries`);
}

function ephemeralRangeStart(): number {
  try {
    const start = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return start > LOWEST + 1000 ? start : 32_768;
  } catch {
    return 32_768; // Linux's default where /proc is not there to ask
  }
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

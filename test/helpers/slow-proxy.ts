// A slow link in front of a real service: an HTTP proxy on a free port that holds every request
// for delayMs before passing it on. "A slow database" without faking the database.
import { createServer, request } from 'node:http';
import { freePort } from './free-port.ts';

export interface SlowProxy {
  url: string;
  /** requests passed on so far */
  readonly requests: number;
  delayMs: number;
  close(): Promise<void>;
}

export async function startSlowProxy(targetUrl: string, delayMs: number): Promise<SlowProxy> {
  const target = new URL(targetUrl);
  const port = await freePort();
  let requests = 0;
  const proxy: SlowProxy = {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    delayMs,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (chunk: Buffer) => body.push(chunk));
    req.on('end', () => {
      setTimeout(() => {
        requests++;
        const upstream = request(
          { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', () => {
          res.writeHead(502);
          res.end();
        });
        upstream.end(Buffer.concat(body));
      }, proxy.delayMs);
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return proxy;
}

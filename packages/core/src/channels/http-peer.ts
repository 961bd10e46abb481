/**
 * Test helper: a local HTTP server on 127.0.0.1 that records requests and answers through a
 * handler, standing in for Slack or a webhook receiver. Not part of the public API.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from './webhook-channel.ts';

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export async function startHttpPeer(
  handler: (req: SeenRequest) => { status: number; body: string; contentType?: string },
): Promise<{ url: string; seen: SeenRequest[]; close(): Promise<void> }> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(r);
      const out = handler(r);
      res.writeHead(out.status, { 'content-type': out.contentType ?? 'text/plain' });
      res.end(out.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // A failing assertion must not leave the test process waiting on this server.
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * A webhook receiver's answer: 204 when the request carries a valid HMAC for `secret`, else 401
 * with the reason — what a real receiver does with the signature headers.
 */
export function answerSigned(
  secret: string,
  req: SeenRequest,
  nowSec = Math.floor(Date.now() / 1000),
): { status: number; body: string } {
  const v = verifyWebhookSignature({
    secret,
    body: req.body,
    timestamp: req.headers[TIMESTAMP_HEADER] as string | undefined,
    signature: req.headers[SIGNATURE_HEADER] as string | undefined,
    nowSec,
  });
  return v.ok ? { status: 204, body: '' } : { status: 401, body: v.reason };
}

/**
 * Test helper: a local OpenAI-compatible chat-completions server (node:http) that plays scripted
 * turns and keeps every request body it received, so tests drive the real AI SDK provider through
 * its real HTTP path. Each turn sees the request and returns text or tool calls. Not public API.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
  model: string;
  messages: { role: string; content?: string | null; tool_calls?: unknown[] }[];
  tools?: { type: 'function'; function: { name: string; parameters: unknown } }[];
}

export type Turn = (
  req: ChatRequest,
) => { text: string } | { toolCalls: { name: string; args: unknown }[] } | { status: number };

export interface FakeOpenAiServer {
  baseURL: string;
  /** Raw request bodies, in order. */
  bodies: string[];
  close(): Promise<void>;
}

/** Starts the server on a free loopback port; turns are played in order (the last repeats). */
export async function startFakeOpenAiServer(turns: readonly Turn[]): Promise<FakeOpenAiServer> {
  const bodies: string[] = [];
  let n = 0;
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      bodies.push(raw);
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404).end();
        return;
      }
      const turn = turns[Math.min(n++, turns.length - 1)]!;
      const out = turn(JSON.parse(raw) as ChatRequest);
      if ('status' in out) {
        res.writeHead(out.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'scripted failure', type: 'server_error' } }));
        return;
      }
      const message =
        'text' in out
          ? { role: 'assistant', content: out.text }
          : {
              role: 'assistant',
              content: null,
              tool_calls: out.toolCalls.map((c, i) => ({
                id: `call_${n}_${i}`,
                type: 'function',
                function: { name: c.name, arguments: JSON.stringify(c.args) },
              })),
            };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: `chatcmpl-${n}`,
          object: 'chat.completion',
          created: 1_700_000_000,
          model: 'fake',
          choices: [{ index: 0, message, finish_reason: 'text' in out ? 'stop' : 'tool_calls' }],
          usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    bodies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The content of the last `tool` message in a request (what the model was told a tool returned). */
export function lastToolContent(req: ChatRequest): string {
  const msg = [...req.messages].reverse().find((m) => m.role === 'tool');
  return typeof msg?.content === 'string' ? msg.content : '';
}

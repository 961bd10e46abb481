/**
 * A local ClickHouse HTTP endpoint for tests: it speaks the HTTP interface as
 * `@clickhouse/client` uses it (query in the body or in `query=`, `param_*` values in ClickHouse's
 * escaped text form, settings as URL parameters, `INSERT … FORMAT Parquet` with the data as the
 * body, errors as non-200 with the exception text) and runs every statement on real ClickHouse,
 * in-process through chdb. So the server executor's production path is tested end to end without
 * a ClickHouse install. Test support only.
 */
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface ChdbSession {
  queryBindAsync(
    sql: string,
    params: object,
    opts: { format: string },
  ): Promise<{ text(): string }>;
  close(): void;
}

const NOT_SETTINGS = new Set(['query_id', 'database', 'query', 'session_id', 'role']);

/** ClickHouse's escaped text form (`\t`, `\n`, `\'`, `\\`, `\N` = NULL) back to the value. */
function unescapeParam(text: string): string | null {
  if (text === '\\N') return null;
  const map: Record<string, string> = { t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', '0': '\0' };
  return text.replace(/\\(.)/gs, (_, c: string) => map[c] ?? c);
}

export interface FakeClickHouseServer {
  url: string;
  /** Requests seen, for assertions on how the client talks. */
  requests: { search: URLSearchParams; body: string }[];
  close(): Promise<void>;
}

/**
 * Starts the endpoint on a free loopback port.
 * @example const ch = await startFakeClickHouseServer(); createClient({ url: ch.url });
 */
export async function startFakeClickHouseServer(): Promise<FakeClickHouseServer> {
  const { Session } = createRequire(import.meta.url)('chdb') as {
    Session: new () => ChdbSession;
  };
  const session = new Session();
  const requests: FakeClickHouseServer['requests'] = [];
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const search = new URL(req.url ?? '/', 'http://x').searchParams;
      const body = Buffer.concat(chunks);
      if (req.url?.startsWith('/ping')) {
        res.end('Ok.\n');
        return;
      }
      const inline = search.get('query');
      requests.push({ search, body: inline ? `<${body.length} bytes>` : body.toString('utf8') });
      void serial(async () => {
        const params: Record<string, string | null> = {};
        for (const [k, v] of search) {
          if (k.startsWith('param_')) params[k.slice(6)] = unescapeParam(v);
        }
        for (const [k, v] of search) {
          if (k.startsWith('param_') || NOT_SETTINGS.has(k) || !/^[a-z_0-9]+$/.test(k)) continue;
          await session.queryBindAsync(
            `SET ${k} = ${/^-?\d+$/.test(v) ? v : `'${v.replaceAll("'", "\\'")}'`}`,
            {},
            { format: 'JSONEachRow' },
          );
        }
        let sql = body.toString('utf8');
        let dataFile: string | undefined;
        if (inline) {
          // INSERT … FORMAT <fmt> with the data as the body: read it back as a file.
          const m = /^([\s\S]*?)\s+FORMAT\s+(\w+)\s*$/i.exec(inline);
          if (!m) throw new Error(`unsupported inline query: ${inline}`);
          dataFile = join(tmpdir(), `fake-ch-${randomUUID()}.${m[2]!.toLowerCase()}`);
          writeFileSync(dataFile, body);
          sql = `${m[1]} SELECT * FROM file('${dataFile}', ${m[2]})`;
        }
        try {
          return (await session.queryBindAsync(sql, params, { format: 'JSONEachRow' })).text();
        } finally {
          if (dataFile) rmSync(dataFile, { force: true });
        }
      }).then(
        (text) => {
          res.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8' });
          res.end(text);
        },
        (e: unknown) => {
          res.writeHead(500, { 'X-ClickHouse-Exception-Code': '1' });
          res.end(e instanceof Error ? e.message : String(e));
        },
      );
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      await new Promise<void>((ok) => server.close(() => ok()));
      session.close();
    },
  };
}

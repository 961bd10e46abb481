/**
 * The `chdb` executor: ClickHouse running inside this process (one data directory per process,
 * as libchdb allows). Used by the tests and for embedded single-machine use; `chdb` is a dev
 * dependency, so it is loaded only when asked for and a missing install is a clear error.
 */
import { createRequire } from 'node:module';
import { CostLensError } from '../errors.ts';
import { CLICKHOUSE_SETTINGS } from './clickhouse-executor.ts';
import type { ClickHouseExecutor } from './clickhouse-executor.ts';
import type { Row } from './warehouse.ts';

interface ChdbResult {
  text(): string;
}
interface ChdbSession {
  queryBindAsync(sql: string, params: object, opts: { format: string }): Promise<ChdbResult>;
  close(): void;
}
interface ChdbModule {
  Session: new (path?: string) => ChdbSession;
}

/** Serializes statements: one libchdb connection serves the whole session. */
class Queue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

function loadChdb(): ChdbModule {
  try {
    return createRequire(import.meta.url)('chdb') as ChdbModule;
  } catch (e) {
    throw new CostLensError({
      code: 'SOURCE_UNREADABLE',
      message: 'The embedded ClickHouse engine (chdb) is not installed.',
      hint: 'Install it with `npm install chdb` (Linux or macOS), or point `warehouse` at a ClickHouse server (clickhouse://…).',
      cause: e,
    });
  }
}

/**
 * Opens a chdb session (a temporary directory when `path` is omitted).
 * @example const ex = await openChdbExecutor(); await ex.query('SELECT 1 AS x', {});
 */
export async function openChdbExecutor(
  path?: string,
  extraSettings: Readonly<Record<string, string | number>> = {},
): Promise<ClickHouseExecutor> {
  const { Session } = loadChdb();
  const session = path ? new Session(path) : new Session();
  const queue = new Queue();
  const run = (sql: string, params: Record<string, unknown>) =>
    queue.run(() => session.queryBindAsync(sql, params, { format: 'JSONEachRow' }));
  for (const [k, v] of Object.entries({ ...CLICKHOUSE_SETTINGS, ...extraSettings })) {
    await run(`SET ${k} = ${typeof v === 'number' ? v : `'${v}'`}`, {});
  }
  return {
    location: path ? `chdb:${path}` : 'chdb:(temporary)',
    async query(sql, params) {
      const text = (await run(sql, params)).text();
      return text
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l) => JSON.parse(l) as Row);
    },
    async command(sql, params) {
      await run(sql, params);
    },
    async insertParquet(table, columns, file) {
      const cols = columns.map((c) => `"${c.replaceAll('"', '""')}"`).join(', ');
      await run(`INSERT INTO ${table} (${cols}) SELECT ${cols} FROM file({path:String}, Parquet)`, {
        path: file,
      });
    },
    async close() {
      await queue.run(async () => session.close());
    },
  };
}

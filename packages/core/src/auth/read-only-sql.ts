/**
 * The guard for SQL a person typed (the `sql` command, the server's `/api/sql`): DuckDB itself
 * parses it, and only a single SELECT over CostLens's own tables passes — no COPY, no DDL, no
 * file reads through table functions or `FROM 'file.csv'`, no environment. Values stay parameters.
 */
import { CostLensError } from '../errors.ts';
import type { Warehouse } from '../store/warehouse.ts';

/** Table functions that compute rows without touching files or settings. */
const SAFE_TABLE_FUNCTIONS = new Set([
  'unnest',
  'range',
  'generate_series',
  'json_each',
  'json_tree',
]);
/** Scalar functions that read the environment or files. */
const UNSAFE_FUNCTIONS = new Set(['getenv', 'read_text', 'read_blob', 'glob', 'current_setting']);

type Node = { [k: string]: unknown };

function refuse(message: string): never {
  throw new CostLensError({
    code: 'INVALID_INPUT',
    message: `only a single read-only SELECT over CostLens's tables is allowed: ${message}`,
    hint: 'Query focus_cost and the manifest tables (ingest, ingest_file, ingest_partition); use `costlens ingest` to load files.',
  });
}

function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) {
    for (const x of node) walk(x, visit);
  } else if (node && typeof node === 'object') {
    visit(node as Node);
    for (const v of Object.values(node)) walk(v, visit);
  }
}

/**
 * Throws INVALID_INPUT unless `sql` is one SELECT reading only tables and views that exist in the
 * store (or its own CTEs) and only safe functions.
 * @example await assertReadOnlySelect(wh, 'SELECT count(*) FROM focus_cost');
 */
export async function assertReadOnlySelect(wh: Warehouse, sql: string): Promise<void> {
  const [row] = await wh.query<{ j: string }>('SELECT json_serialize_sql($1::VARCHAR) AS j', [sql]);
  const ast = JSON.parse(String(row?.j ?? '{}')) as {
    error: boolean;
    error_message?: string;
    statements?: unknown[];
  };
  if (ast.error) refuse(ast.error_message ?? 'not a SELECT');
  if ((ast.statements ?? []).length !== 1) refuse('exactly one statement, please');
  const tables = new Set(
    (
      await wh.query<{ t: string }>(
        `SELECT lower(table_name) AS t FROM information_schema.tables WHERE table_schema = 'main'`,
      )
    ).map((r) => r.t),
  );
  const ctes = new Set<string>();
  walk(ast.statements, (n) => {
    const map = (n['cte_map'] as { map?: { key: string }[] } | undefined)?.map;
    for (const e of map ?? []) ctes.add(String(e.key).toLowerCase());
  });
  walk(ast.statements, (n) => {
    if (n['type'] === 'BASE_TABLE') {
      const name = String(n['table_name'] ?? '').toLowerCase();
      const schema = String(n['schema_name'] ?? '');
      if ((schema !== '' && schema !== 'main') || !(tables.has(name) || ctes.has(name))) {
        refuse(`"${n['table_name']}" is not a CostLens table`);
      }
    }
    if (n['type'] === 'TABLE_FUNCTION') {
      const fn = (n['function'] as Node | undefined)?.['function_name'];
      if (!SAFE_TABLE_FUNCTIONS.has(String(fn).toLowerCase())) refuse(`table function ${fn}()`);
    }
    if (
      n['class'] === 'FUNCTION' &&
      UNSAFE_FUNCTIONS.has(String(n['function_name']).toLowerCase())
    ) {
      refuse(`function ${n['function_name']}()`);
    }
  });
}

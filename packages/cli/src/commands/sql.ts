/**
 * `costlens sql "<select …>"` — read-only SQL for people who know the schema. The database is
 * opened read-only with file access disabled, and only a single query statement is accepted.
 */
import { CostLensError } from '@costlens/core';
import type { RegisterCommand } from './types.ts';

const READ_STATEMENT = /^\s*(select|with|from|describe|show|summarize|explain|values|table)\b/i;

export function assertReadOnlySql(sql: string): void {
  const body = sql.trim().replace(/;\s*$/, '');
  if (!READ_STATEMENT.test(body) || body.includes(';')) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message:
        'costlens sql runs a single read-only query (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE).',
      hint: 'To change data, use costlens ingest; to explore costs without SQL, use costlens query.',
    });
  }
}

export const registerSql: RegisterCommand = (program, ctx) => {
  program
    .command('sql')
    .description(
      'Run a read-only SQL query against the store (table focus_cost; manifest tables ingest, ingest_file, ingest_partition).',
    )
    .argument('<query>', 'a single SELECT/WITH/DESCRIBE statement')
    .action(async (query: string) => {
      assertReadOnlySql(query);
      const { out, openStore } = ctx();
      const wh = await openStore({ readOnly: true, externalAccess: false });
      const rows = await wh.query(query);
      if (out.json) {
        out.data(rows);
        return;
      }
      const head = rows[0] ? Object.keys(rows[0]) : [];
      out.table(
        head,
        rows.map((r) => head.map((h) => r[h])),
      );
      out.info(`${rows.length} row(s)`);
    });
};

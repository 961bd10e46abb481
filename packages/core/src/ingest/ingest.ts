/**
 * Ingestion: source files → FOCUS rows in `focus_cost`, all or nothing.
 * Invariants: one call is one transaction; the same files again change nothing; rows of a billing
 * period × billing account already stored by an earlier ingest are replaced, never doubled
 * (providers restate bills — and several files of one export belong in one call); stored totals
 * equal source totals exactly or the ingest rolls back. Data streams through DuckDB, not JS.
 */
import { randomUUID } from 'node:crypto';
import { CostLensError } from '../errors.ts';
import type { Issue } from '../errors.ts';
import { COST_TABLE, LINEAGE_COLUMNS } from '../focus/schema.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { ident, literal } from '../util/sql.ts';
import { sha256File } from './file-hash.ts';
import { detectFormat, findFormat } from './formats/registry.ts';
import { reconcile, sourceTotals, storedTotals } from './reconcile.ts';
import type { ReconciledPartition } from './reconcile.ts';
import type { FocusMapping, SourceFormat } from './source-format.ts';
import { stageSource } from './stage-source.ts';
import type { SourceKind, StagedSource } from './stage-source.ts';
import { checkStage } from './check-stage.ts';
import type { LeniencyFinding } from './validate-stage.ts';

export type IngestPhase = 'hash' | 'read' | 'validate' | 'write' | 'reconcile' | 'done';

export interface IngestOptions {
  /** Force a format id instead of detecting it from the header. */
  format?: string;
  /** Force how the file is read (default: from its extension). */
  kind?: SourceKind;
  now?: () => Date;
  newId?: () => string;
  onPhase?: (phase: IngestPhase, detail: { file?: string }) => void;
}

export interface IngestedFile {
  path: string;
  format: string;
  sha256: string;
  bytes: number;
  rowCount: number;
}

export interface IngestResult {
  status: 'ingested' | 'unchanged';
  ingestId: string | null;
  files: IngestedFile[];
  rowCount: number;
  partitions: ReconciledPartition[];
  replacedPartitions: number;
  findings: (LeniencyFinding & { file: string })[];
}

interface Prepared {
  path: string;
  sha256: string;
  stage: StagedSource;
  format: SourceFormat;
  formatId: string;
  mapping: FocusMapping;
}

/**
 * Ingests one export (one or more files) in one transaction.
 * @example await ingestFiles(wh, ['focus.csv']);
 */
export async function ingestFiles(
  wh: Warehouse,
  paths: readonly string[],
  opts: IngestOptions = {},
): Promise<IngestResult> {
  if (paths.length === 0) {
    throw new CostLensError({ code: 'INVALID_INPUT', message: 'no files to ingest' });
  }
  const now = opts.now ?? (() => new Date());
  const ingestId = (opts.newId ?? (() => `ing_${randomUUID().slice(0, 12)}`))();
  const phase = opts.onPhase ?? (() => undefined);

  phase('hash', {});
  const hashes: string[] = [];
  for (const p of paths) hashes.push(await hashOrExplain(p));
  if (await alreadyIngested(wh, hashes)) return unchanged();

  const startedAt = now();
  // Temp stage tables belong to the write connection, so the whole ingest is one transaction:
  // readers on other connections keep seeing the last committed snapshot until it commits.
  const result = await wh.transaction(async (tx) => {
    // Checked again inside: the same files ingested twice at once (two requests, two cron jobs)
    // queue on the write connection, and the second must find the first's commit, not add a copy.
    if (await alreadyIngested(tx, hashes)) return null;
    const prepared: Prepared[] = [];
    try {
      const issues: Issue[] = [];
      const findings: (LeniencyFinding & { file: string })[] = [];
      for (const [i, path] of paths.entries()) {
        phase('read', { file: path });
        const stage = await stageSource(tx, path, `__stage_${i}`, opts.kind);
        const format = opts.format
          ? findFormat(opts.format)
          : detectFormat(path, stage.columns.names);
        const headerIssues = format.checkHeader(stage.columns, path);
        if (headerIssues.length > 0) {
          issues.push(...headerIssues);
          await dropStage(tx, stage);
          continue;
        }
        const mapping = format.mapping(stage.columns);
        phase('validate', { file: path });
        // Value checks and lenient-read findings in one pass over the stage.
        const checked = await checkStage(
          tx,
          stage,
          mapping.valueChecks,
          mapping.leniency,
          mapping.sourceTotals.billedCost,
        );
        issues.push(...checked.issues);
        findings.push(...checked.findings.map((f) => ({ ...f, file: path })));
        prepared.push({
          path,
          sha256: hashes[i]!,
          stage,
          format,
          formatId: format.variant?.(stage.columns) ?? format.id,
          mapping,
        });
      }
      if (issues.length > 0) throw invalidInput(issues);

      phase('write', {});
      await addExtensionColumns(tx, prepared);
      for (const p of prepared) await insertRows(tx, ingestId, p);
      phase('reconcile', {});
      const stored = await storedTotals(tx, ingestId);
      const source = await sourceTotals(
        tx,
        prepared.map((p) => ({ stage: p.stage, mapping: p.mapping })),
      );
      const partitions = reconcile(source, stored);
      const bad = partitions.filter((p) => !p.matches);
      if (bad.length > 0) throw reconciliationError(bad);
      const replaced = await replaceOlderPartitions(tx, ingestId);
      await writeManifest(tx, {
        ingestId,
        startedAt,
        finishedAt: now(),
        prepared,
        partitions,
        replaced,
        findings,
      });
      return {
        partitions,
        replaced,
        findings,
        files: prepared.map((p) => ({
          path: p.path,
          format: p.formatId,
          sha256: p.sha256,
          bytes: p.stage.bytes,
          rowCount: p.stage.rowCount,
        })),
      };
    } finally {
      for (const p of prepared) await dropStage(tx, p.stage);
    }
  });
  if (result === null) return unchanged();
  phase('done', {});
  return {
    status: 'ingested',
    ingestId,
    files: result.files,
    rowCount: result.partitions.reduce((n, p) => n + p.rowCount, 0),
    partitions: result.partitions,
    replacedPartitions: result.replaced,
    findings: result.findings,
  };
}

function unchanged(): IngestResult {
  return {
    status: 'unchanged',
    ingestId: null,
    files: [],
    rowCount: 0,
    partitions: [],
    replacedPartitions: 0,
    findings: [],
  };
}

async function hashOrExplain(path: string): Promise<string> {
  try {
    return await sha256File(path);
  } catch (e) {
    throw new CostLensError({
      code: 'SOURCE_UNREADABLE',
      message: `${path}: cannot read the file (${e instanceof Error ? e.message : String(e)}).`,
      hint: 'Check the path and permissions.',
      issues: [{ file: path, message: 'cannot read the file' }],
      cause: e,
    });
  }
}

async function alreadyIngested(wh: Warehouse, hashes: readonly string[]): Promise<boolean> {
  const rows = await wh.query<{ sha256: string }>(
    `SELECT DISTINCT f.sha256 FROM ingest_file f JOIN ingest i USING (ingest_id)
     WHERE i.status = 'active' AND f.sha256 IN (SELECT unnest(string_split($1, ',')))`,
    [hashes.join(',')],
  );
  const found = new Set(rows.map((r) => r.sha256));
  return hashes.every((h) => found.has(h));
}

function invalidInput(issues: Issue[]): CostLensError {
  const first = issues[0]!;
  const where = `${first.file ?? ''}${first.line ? `:${first.line}` : ''}${first.column ? ` column ${first.column}` : ''}`;
  return new CostLensError({
    code: 'INVALID_INPUT',
    message: `${where}: ${first.message}${issues.length > 1 ? ` (${issues.length} problems in all)` : ''}`,
    ...(first.hint ? { hint: first.hint } : {}),
    issues,
  });
}

function reconciliationError(bad: readonly ReconciledPartition[]): CostLensError {
  return new CostLensError({
    code: 'RECONCILIATION_FAILED',
    message: `stored totals differ from the source for ${bad.length} billing period/account partition(s); nothing was written.`,
    hint: 'This is a CostLens bug or a converter gap: please report it with the source format.',
    issues: bad.map((p) => ({
      message: `${p.billingPeriodStart} ${p.billingAccountId} ${p.billingCurrency}: stored billed ${p.billedCost} vs source ${p.sourceBilledCost}; stored effective ${p.effectiveCost} vs source ${p.sourceEffectiveCost}`,
    })),
  });
}

async function dropStage(wh: Warehouse, stage: StagedSource): Promise<void> {
  await wh.exec(`DROP TABLE IF EXISTS ${ident(stage.table)}`).catch(() => undefined);
}

async function addExtensionColumns(tx: Warehouse, prepared: readonly Prepared[]): Promise<void> {
  const existing = new Set(
    (
      await tx.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_name = $1`,
        [COST_TABLE],
      )
    ).map((r) => r.column_name.toLowerCase()),
  );
  for (const p of prepared) {
    for (const ext of Object.keys(p.mapping.extensions)) {
      if (existing.has(ext.toLowerCase())) continue;
      await tx.exec(`ALTER TABLE ${COST_TABLE} ADD COLUMN ${ident(ext)} VARCHAR`);
      existing.add(ext.toLowerCase());
    }
  }
}

const LINEAGE_NAMES = new Set<string>(LINEAGE_COLUMNS.map((c) => c.name.toLowerCase()));

async function insertRows(tx: Warehouse, ingestId: string, p: Prepared): Promise<void> {
  const targets: string[] = [];
  const exprs: string[] = [];
  for (const [col, expr] of Object.entries(p.mapping.columns)) {
    targets.push(ident(col));
    exprs.push(expr);
  }
  for (const [col, expr] of Object.entries(p.mapping.extensions)) {
    if (LINEAGE_NAMES.has(col.toLowerCase())) continue;
    targets.push(ident(col));
    exprs.push(expr);
  }
  const line = p.stage.kind === 'csv' ? '__row + 1' : '__row';
  targets.push('x_ingest_id', 'x_source_file', 'x_source_line', 'x_source_format');
  exprs.push(literal(ingestId), literal(p.path), line, literal(p.formatId));
  await tx.exec(
    `INSERT INTO ${COST_TABLE} (${targets.join(', ')}) SELECT ${exprs.join(', ')} FROM ${ident(p.stage.table)}${
      p.mapping.where ? ` WHERE ${p.mapping.where}` : ''
    }`,
  );
}

/** Deletes rows of earlier ingests in the partitions this ingest covers; returns how many partitions. */
async function replaceOlderPartitions(tx: Warehouse, ingestId: string): Promise<number> {
  const parts = `(SELECT DISTINCT "BillingAccountId" AS a, "BillingPeriodStart" AS p FROM ${COST_TABLE} WHERE x_ingest_id = $1)`;
  await tx.exec(
    `DELETE FROM ${COST_TABLE} f WHERE f.x_ingest_id <> $1 AND EXISTS (
       SELECT 1 FROM ${parts} n WHERE n.a IS NOT DISTINCT FROM f."BillingAccountId" AND n.p IS NOT DISTINCT FROM f."BillingPeriodStart")`,
    [ingestId],
  );
  const [row] = await tx.query<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM ingest_partition ip WHERE ip.replaced_by IS NULL AND EXISTS (
       SELECT 1 FROM ${parts} n WHERE n.a IS NOT DISTINCT FROM ip.billing_account_id AND n.p IS NOT DISTINCT FROM ip.billing_period_start)`,
    [ingestId],
  );
  await tx.exec(
    `UPDATE ingest_partition ip SET replaced_by = $1 WHERE ip.replaced_by IS NULL AND EXISTS (
       SELECT 1 FROM ${parts} n WHERE n.a IS NOT DISTINCT FROM ip.billing_account_id AND n.p IS NOT DISTINCT FROM ip.billing_period_start)`,
    [ingestId],
  );
  // An ingest all of whose partitions were replaced no longer contributes rows.
  await tx.exec(
    `UPDATE ingest SET status = 'superseded' WHERE status = 'active' AND ingest_id IN (
       SELECT ingest_id FROM ingest_partition GROUP BY ingest_id HAVING bool_and(replaced_by IS NOT NULL))`,
  );
  return Number(row?.n ?? 0);
}

async function writeManifest(
  tx: Warehouse,
  m: {
    ingestId: string;
    startedAt: Date;
    finishedAt: Date;
    prepared: readonly Prepared[];
    partitions: readonly ReconciledPartition[];
    replaced: number;
    findings: readonly (LeniencyFinding & { file: string })[];
  },
): Promise<void> {
  const rowCount = m.partitions.reduce((n, p) => n + p.rowCount, 0);
  const formats = [...new Set(m.prepared.map((p) => p.formatId))].join('+');
  await tx.exec(
    `INSERT INTO ingest VALUES ($1, $2::TIMESTAMP, $3::TIMESTAMP, $4, 'active', $5, $6)`,
    [
      m.ingestId,
      m.startedAt.toISOString(),
      m.finishedAt.toISOString(),
      formats,
      rowCount,
      m.replaced,
    ],
  );
  for (const p of m.prepared) {
    await tx.exec(`INSERT INTO ingest_file VALUES ($1, $2, $3, $4, $5, $6)`, [
      m.ingestId,
      p.path,
      p.formatId,
      p.sha256,
      p.stage.bytes,
      p.stage.rowCount,
    ]);
  }
  for (const p of m.partitions) {
    await tx.exec(
      `INSERT INTO ingest_partition VALUES ($1, $2, $3::TIMESTAMP,
         (SELECT max("BillingPeriodEnd") FROM ${COST_TABLE} WHERE x_ingest_id = $1 AND "BillingAccountId" IS NOT DISTINCT FROM $2 AND "BillingPeriodStart" IS NOT DISTINCT FROM $3::TIMESTAMP),
         $4, $5, $6::DECIMAL(38,15), $7::DECIMAL(38,15), $8::DECIMAL(38,15), $9::DECIMAL(38,15), NULL)`,
      [
        m.ingestId,
        p.billingAccountId,
        p.billingPeriodStart,
        p.billingCurrency,
        p.rowCount,
        p.billedCost,
        p.effectiveCost,
        p.sourceBilledCost,
        p.sourceEffectiveCost,
      ],
    );
  }
  for (const f of m.findings) {
    await tx.exec(
      `INSERT INTO ingest_finding (ingest_id, check_id, column_name, severity, message, rows_affected,
         example, file, line, cost_affected) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::DECIMAL(38,15))`,
      [
        m.ingestId,
        f.id,
        f.column ?? null,
        f.severity,
        `${f.file}${f.line ? `:${f.line}` : ''}: ${f.message}`,
        f.rowsAffected,
        f.example ?? null,
        f.file,
        f.line ?? null,
        f.costAffected ?? null,
      ],
    );
  }
  // Which FOCUS columns this ingest provided: conformance judges column presence by the source,
  // since focus_cost itself has every column.
  const provided = new Map<string, string | null>();
  for (const p of m.prepared) {
    for (const col of Object.keys(p.mapping.columns)) {
      const fromSource =
        p.stage.columns.names.find((n) => n.toLowerCase() === col.toLowerCase()) ?? null;
      if (!provided.has(col) || fromSource !== null) provided.set(col, fromSource);
    }
  }
  // One statement for all columns (~50–100 per file): a statement per row cost more than the
  // rest of the manifest.
  const cols = [...provided];
  if (cols.length > 0) {
    await tx.exec(
      `INSERT INTO ingest_column VALUES ${cols.map((_, i) => `($1, $${2 * i + 2}, $${2 * i + 3})`).join(', ')}`,
      [m.ingestId, ...cols.flat()],
    );
  }
}

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isCostLensError } from '../../errors.ts';
import { qualityReport } from '../../quality/index.ts';
import { DuckDbWarehouse } from '../../store/duckdb.ts';
import { tempDir, writeTemp } from '../../testing/fixtures.ts';
import { ingestFiles } from '../ingest.ts';
import {
  assertGolden,
  compact,
  digestRows,
  formatScaled,
  parseCsv,
  scaled,
  storedRows,
} from './__fixtures__/golden-rows.ts';

const FIXTURES = join(import.meta.dirname, '__fixtures__');
const STANDARD = join(FIXTURES, 'gcp-billing-standard.constructed.jsonl');
const DETAILED = join(FIXTURES, 'gcp-billing-detailed.constructed.csv');
const EXTENSIONS = ['x_CreditType', 'x_CostType', 'x_InvoiceMonth', 'x_Credits'];

/** The UTC instant of midnight, US Pacific time, on the first of a `YYYYMM` invoice month. */
function pacificMonthStart(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(4, 6));
  for (const hour of [7, 8]) {
    const t = new Date(Date.UTC(y, m - 1, 1, hour));
    const local = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/Los_Angeles',
      hour: 'numeric',
      hourCycle: 'h23',
    }).format(t);
    if (Number(local) === 0) return t.toISOString().replace('.000Z', 'Z');
  }
  throw new Error(`no Pacific midnight found for ${month}`);
}

/** Numbers taken from the source text itself (JSON.parse would round them through a double). */
function creditAmounts(creditsText: string): string[] {
  return [...creditsText.matchAll(/"amount":\s*(-?[\d.eE+-]+)/g)].map((m) => m[1]!);
}

/** Per invoice month × account × currency: Σ cost + Σ credits, from the raw text. */
function expectedTotals(
  records: { account: string; month: string; currency: string; cost: string; credits: string[] }[],
) {
  const totals = new Map<string, bigint>();
  for (const r of records) {
    const key = `${pacificMonthStart(r.month)}|${r.account}|${r.currency}`;
    const sum = r.credits.reduce((n, c) => n + scaled(c), scaled(r.cost));
    totals.set(key, (totals.get(key) ?? 0n) + sum);
  }
  return [...totals].map(([key, n]) => ({
    key,
    billed: formatScaled(n),
    effective: formatScaled(n),
  }));
}

function standardRecords() {
  return readFileSync(STANDARD, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const credits = /"credits":\s*(\[[^\]]*\])/.exec(line)?.[1] ?? '[]';
      return {
        account: /"billing_account_id":\s*"([^"]+)"/.exec(line)![1]!,
        month: /"month":\s*"(\d{6})"/.exec(line)![1]!,
        currency: /"currency":\s*"([^"]+)"/.exec(line)![1]!,
        cost: /"cost":\s*(-?[\d.eE+-]+)/.exec(line)![1]!,
        credits: creditAmounts(credits),
      };
    });
}

function detailedRecords() {
  return parseCsv(readFileSync(DETAILED, 'utf8')).map((r) => ({
    account: r['billing_account_id']!,
    month: r['invoice.month']!,
    currency: r['currency']!,
    cost: r['cost']!,
    credits: creditAmounts(r['credits'] ?? ''),
  }));
}

async function storeIsEmpty(wh: DuckDbWarehouse): Promise<boolean> {
  const [row] = await wh.query<{ n: number; m: number }>(
    `SELECT (SELECT count(*) FROM focus_cost)::INTEGER AS n, (SELECT count(*) FROM ingest)::INTEGER AS m`,
  );
  return row?.n === 0 && row.m === 0;
}

describe('GCP BigQuery billing export', () => {
  for (const [name, path, format, records, excerptLines] of [
    ['gcp-standard', STANDARD, 'gcp-standard', standardRecords, [1, 4]],
    ['gcp-detailed', DETAILED, 'gcp-detailed', detailedRecords, [4, 5]],
  ] as const) {
    it(`converts the ${format} fixture to the golden FOCUS rows and reconciles each invoice month and account to cost + credits`, async () => {
      const wh = await DuckDbWarehouse.open();
      const result = await ingestFiles(wh, [path]);
      assert.equal(result.files[0]!.format, format);
      assert.deepEqual(
        result.partitions.map((p) => ({
          key: `${p.billingPeriodStart}|${p.billingAccountId}|${p.billingCurrency}`,
          billed: p.billedCost,
          effective: p.effectiveCost,
        })),
        expectedTotals(records()),
      );
      assert.ok(result.partitions.every((p) => p.matches));
      // One source line may yield several rows (promotional credits): order them canonically.
      const rows = (await storedRows(wh, EXTENSIONS)).sort((a, b) => {
        const [x, y] = [JSON.stringify(a), JSON.stringify(b)];
        return Number(a['__line']) - Number(b['__line']) || (x < y ? -1 : x > y ? 1 : 0);
      });
      assertGolden(name, {
        rowCount: rows.length,
        digest: digestRows(rows),
        excerpt: rows
          .filter((r) => (excerptLines as readonly number[]).includes(Number(r['__line'])))
          .map(compact),
      });
      await wh.close();
    });
  }

  it('reports only that the tax and rounding rows’ "Invoice" service has no category', async () => {
    const wh = await DuckDbWarehouse.open();
    const { findings } = await ingestFiles(wh, [STANDARD, DETAILED]);
    assert.deepEqual(
      findings.map((f) => `${f.severity} ${f.id} ${f.rowsAffected} ${f.example}`),
      ['info gcp-service-unmapped 2 Invoice'],
    );
    await wh.close();
  });

  it('gets a quality report whose only conformance findings are columns Google’s export lacks', async () => {
    for (const [path, expected] of [
      [
        STANDARD,
        [
          // The export names the billing account by id only, and carries no invoice id.
          'conformance error CostAndUsage-D-005-M 12',
          'conformance warning CostAndUsage-D-033-O 12',
          'finops warning daily-coverage-gap',
          // The standard export has no resource columns (the detailed one does).
          'finops warning missing-resource-id 6',
          'finops warning owner-tag-missing 6',
        ],
      ],
      [
        DETAILED,
        [
          'conformance error CostAndUsage-D-005-M 6',
          'conformance warning CostAndUsage-D-033-O 6',
          'finops warning owner-tag-missing 5',
        ],
      ],
    ] as const) {
      const wh = await DuckDbWarehouse.open();
      await ingestFiles(wh, [path]);
      const report = await qualityReport(wh);
      assert.deepEqual(
        report.findings
          .filter((f) => f.severity !== 'info')
          .map(
            (f) =>
              `${f.source} ${f.severity} ${f.check}${f.rowsAffected > 0 ? ` ${f.rowsAffected}` : ''}`,
          )
          .sort(),
        expected,
        path,
      );
      await wh.close();
    }
  });

  it('folds price credits into the row and turns each promotional credit into its own Credit row', async () => {
    const wh = await DuckDbWarehouse.open();
    await ingestFiles(wh, [STANDARD]);
    const rows = await wh.query<Record<string, string | null>>(
      `SELECT "ChargeCategory" AS cat, "BilledCost"::VARCHAR AS billed, "EffectiveCost"::VARCHAR AS effective,
         "ContractedCost"::VARCHAR AS contracted, "ListCost"::VARCHAR AS list, "ChargeDescription" AS descr,
         "ConsumedQuantity"::VARCHAR AS qty, "ServiceName" AS service, "Tags"::VARCHAR AS tags
       FROM focus_cost WHERE x_source_line = 4 ORDER BY "ChargeCategory" DESC, "BilledCost" DESC`,
    );
    assert.deepEqual(rows, [
      // 5.00 less the negotiated DISCOUNT credit (0.25); the two promotions are not price.
      {
        cat: 'Usage',
        billed: '4.750000000000000',
        effective: '4.750000000000000',
        contracted: '5.000000000000000',
        list: '5.500000000000000',
        descr: 'Analysis',
        qty: '1099511627776.000000000000000',
        service: 'BigQuery',
        tags: '{"team":"analytics"}',
      },
      {
        cat: 'Credit',
        billed: '-1.250000000000000',
        effective: '-1.250000000000000',
        contracted: '-1.250000000000000',
        list: '-1.250000000000000',
        descr: 'Google for Startups credit',
        qty: null,
        service: 'BigQuery',
        tags: '{"team":"analytics"}',
      },
      {
        cat: 'Credit',
        billed: '-2.000000000000000',
        effective: '-2.000000000000000',
        contracted: '-2.000000000000000',
        list: '-2.000000000000000',
        descr: 'Free Trial credit (FreeTrial:123)',
        qty: null,
        service: 'BigQuery',
        tags: '{"team":"analytics"}',
      },
    ]);
    const [cud] = await wh.query<Record<string, string | null>>(
      `SELECT "PricingCategory" AS pc, "CommitmentDiscountId" AS id, "CommitmentDiscountCategory" AS cat,
         "CommitmentDiscountStatus" AS status, "BilledCost"::VARCHAR AS billed FROM focus_cost WHERE x_source_line = 2`,
    );
    assert.deepEqual(cud, {
      pc: 'Committed',
      id: 'commitments/n2-cpu-1y',
      cat: 'Usage',
      status: 'Used',
      billed: '3.150000000000000',
    });
    await wh.close();
  });

  it('puts usage in the invoice month Google bills it in, with Pacific-time month boundaries', async () => {
    const wh = await DuckDbWarehouse.open();
    await ingestFiles(wh, [STANDARD]);
    const [row] = await wh.query<Record<string, string>>(
      `SELECT strftime("ChargePeriodStart", '%Y-%m-%dT%H:%M:%SZ') AS charge,
         strftime("BillingPeriodStart", '%Y-%m-%dT%H:%M:%SZ') AS start, strftime("BillingPeriodEnd", '%Y-%m-%dT%H:%M:%SZ') AS "end"
       FROM focus_cost WHERE x_source_line = 9`,
    );
    assert.deepEqual(row, {
      charge: '2024-02-01T07:00:00Z',
      start: '2024-02-01T08:00:00Z',
      end: '2024-03-01T08:00:00Z',
    });
    await wh.close();
  });

  it('reads the same export as Parquet and as CSV with its records kept as JSON text, to the same rows', async () => {
    const dir = tempDir();
    const parquet = join(dir, 'billing.parquet');
    const csv = join(dir, 'billing.csv');
    const maker = await DuckDbWarehouse.open();
    const source = `read_json('${STANDARD}', format = 'newline_delimited')`;
    const described = await maker.query<{ column_name: string; column_type: string }>(
      `DESCRIBE SELECT * FROM ${source}`,
    );
    const asText = described
      .map((c) =>
        /^STRUCT|\[\]$/.test(c.column_type)
          ? `to_json("${c.column_name}")::VARCHAR AS "${c.column_name}"`
          : `"${c.column_name}"`,
      )
      .join(', ');
    await maker.exec(`COPY (SELECT * FROM ${source}) TO '${parquet}' (FORMAT parquet)`);
    await maker.exec(
      `COPY (SELECT ${asText} FROM ${source}) TO '${csv}' (FORMAT csv, HEADER true)`,
    );
    await maker.close();
    const rowsOf = async (path: string) => {
      const wh = await DuckDbWarehouse.open();
      const result = await ingestFiles(wh, [path]);
      assert.equal(result.files[0]!.format, 'gcp-standard');
      const rows = (await storedRows(wh, ['x_CreditType']))
        .map(({ __line: _line, ...r }) => JSON.stringify(r))
        .sort();
      await wh.close();
      return rows;
    };
    const expected = await rowsOf(STANDARD);
    assert.equal(expected.length, 12);
    assert.deepEqual(await rowsOf(parquet), expected);
    assert.deepEqual(await rowsOf(csv), expected);
  });

  it('rejects JSON that is not a GCP billing export and writes nothing', async () => {
    const path = writeTemp(
      tempDir(),
      'events.jsonl',
      '{"event":"login","user":"ana","at":"2024-01-01T00:00:00Z"}\n',
    );
    const wh = await DuckDbWarehouse.open();
    await assert.rejects(ingestFiles(wh, [path]), (e) => {
      assert.ok(isCostLensError(e));
      assert.equal(e.code, 'UNKNOWN_FORMAT');
      assert.match(e.message, /header starts: event, user, at/);
      return true;
    });
    assert.ok(await storeIsEmpty(wh));
    await wh.close();
  });

  it('rejects a GCP export without usage_start_time, naming the field', async () => {
    const lines = readFileSync(STANDARD, 'utf8').split('\n').filter(Boolean);
    const stripped = lines
      .map((l) => l.replace(/"usage_start_time":\s*"[^"]*",\s*/, ''))
      .join('\n');
    const path = writeTemp(tempDir(), 'no-start.jsonl', `${stripped}\n`);
    const wh = await DuckDbWarehouse.open();
    await assert.rejects(ingestFiles(wh, [path]), (e) => {
      assert.ok(isCostLensError(e));
      assert.equal(e.code, 'INVALID_INPUT');
      assert.deepEqual(
        e.issues.map((i) => [i.file, i.line, i.column]),
        [[path, 1, 'usage_start_time']],
      );
      return true;
    });
    assert.ok(await storeIsEmpty(wh));
    await wh.close();
  });

  it('rejects a broken cost with its file, line and column, and writes nothing', async () => {
    const text = readFileSync(DETAILED, 'utf8').replace(',0.0506,', ',0.05O6,');
    const path = writeTemp(tempDir(), 'broken.csv', text);
    const wh = await DuckDbWarehouse.open();
    await assert.rejects(ingestFiles(wh, [path]), (e) => {
      assert.ok(isCostLensError(e));
      assert.equal(e.code, 'INVALID_INPUT');
      assert.deepEqual(
        e.issues.map((i) => [i.file, i.line, i.column]),
        [[path, 6, 'cost']],
      );
      return true;
    });
    assert.ok(await storeIsEmpty(wh));
    await wh.close();
  });
});

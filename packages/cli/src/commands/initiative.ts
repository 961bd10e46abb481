/**
 * `costlens initiative example|set|list|plan|actual|roi|overlaps|report|delete` — AI initiatives
 * (issue 13): a definition file per initiative (owner, dates, spend mappings, budget by category,
 * people time, benefits), the budget checklist, plan vs actual with forecast to completion, ROI
 * with sensitivity, and the CFO one-pager as HTML (and PDF through a local Chromium).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  buildInitiativeReport,
  cashFlows,
  checkPlan,
  CostLensError,
  deleteInitiative,
  getInitiative,
  initiativeReportHtml,
  listInitiatives,
  parseInitiative,
  planVsActual,
  portfolioOverlaps,
  roi,
  measureBenefits,
  sensitivity,
  setInitiative,
} from '@costlens/core';
import type { Initiative } from '@costlens/core';
import { money } from '../output.ts';
import type { RegisterCommand } from './types.ts';

/** A definition showing every field; valid as printed. */
export const EXAMPLE_INITIATIVE: Initiative = {
  id: 'support-copilot',
  name: 'Support copilot',
  owner: 'head-of-support@example.com',
  start: '2026-01-01',
  end: '2026-12-31',
  currency: 'USD',
  discountRatePct: 8,
  mappings: [
    { filters: [{ dimension: 'tag:app', value: 'support-copilot' }], label: 'everything tagged' },
    {
      filters: [{ dimension: 'sub_account', value: '449376395362' }],
      category: 'integration_and_training',
      label: 'the fine-tuning account',
    },
    {
      filters: [{ dimension: 'model', value: 'gpt-4o-mini' }],
      label: 'LLM API spend on gpt-4o-mini',
    },
  ],
  gpuWorkloads: [{ workload: 'copilot-embedder' }, { host: 'gpu-node-7' }],
  budget: [
    { category: 'data_preparation', amount: '120000' },
    { category: 'integration_and_training', amount: '80000' },
    { category: 'inference_and_platform', amount: '60000' },
    { category: 'governance', amount: '15000' },
    { category: 'experimentation', amount: '25000' },
    { category: 'finops_capacity', amount: '5000' },
    { category: 'change_management', amount: '15000' },
    { category: 'people_time', amount: '40000' },
  ],
  peopleTime: [
    {
      month: '2026-02',
      category: 'people_time',
      hours: '320',
      loadedRate: '95',
      team: 'support-ops',
    },
  ],
  benefits: [
    {
      order: 1,
      description: 'Tickets deflected by the copilot',
      kpi: 'tickets_deflected',
      unitValue: '6.50',
      monthlyQuantity: '9000',
      from: '2026-04',
      to: '2027-12',
      confidence: 'medium',
      source: 'helpdesk deflection report',
      metric: 'tickets_deflected',
    },
    {
      order: 2,
      description: 'Agent hours saved on drafting replies',
      kpi: 'hours_saved',
      unitValue: '48',
      monthlyQuantity: '600',
      from: '2026-05',
      to: '2027-12',
      confidence: 'low',
      source: 'time-tracking sample, monthly',
    },
  ],
  otherCosts: [
    {
      month: '2026-03',
      category: 'governance',
      amount: '8000',
      note: 'external model risk review',
    },
  ],
};

function whoami(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

function readDefinition(path: string): Initiative {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `${path}: cannot read the initiative (${e instanceof Error ? e.message : String(e)})`,
      hint: 'Start from `costlens initiative example > initiative.json`.',
    });
  }
  return parseInitiative(raw, path);
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);

/** Prints a PDF of an HTML file with a local Chromium; throws naming what to install. */
function printPdf(htmlPath: string, pdfPath: string): void {
  const chromium =
    process.env['COSTLENS_CHROMIUM'] ??
    ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);
  if (!chromium) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: 'no Chromium found to print the PDF',
      hint: 'Install chromium (apt-get install chromium) or set COSTLENS_CHROMIUM; the HTML report needs nothing.',
    });
  }
  const profile = mkdtempSync(join(tmpdir(), 'costlens-pdf-'));
  const r = spawnSync(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      `--user-data-dir=${profile}`,
      '--no-pdf-header-footer',
      `--print-to-pdf=${resolve(pdfPath)}`,
      pathToFileURL(resolve(htmlPath)).href,
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (r.status !== 0 || !existsSync(pdfPath)) {
    throw new CostLensError({
      code: 'INTERNAL',
      message: `Chromium could not print ${pdfPath}: ${(r.stderr || r.error?.message || '').slice(0, 300)}`,
    });
  }
}

export const registerInitiative: RegisterCommand = (program, ctx) => {
  const group = program
    .command('initiative')
    .description(
      'AI initiatives: definition, budget checklist, plan vs actual, ROI and the CFO report.',
    );

  group
    .command('example')
    .description('Print a complete initiative definition to start from.')
    .action(() => {
      process.stdout.write(`${JSON.stringify(EXAMPLE_INITIATIVE, null, 2)}\n`);
    });

  group
    .command('set <file>')
    .description('Create or replace an initiative from its JSON definition (validated, audited).')
    .action(async (file: string) => {
      const c = ctx();
      const def = readDefinition(file);
      const r = await setInitiative(await c.openStore(), def, { actor: whoami() });
      const check = checkPlan(def);
      if (c.out.json) return c.out.data({ id: def.id, ...r, findings: check.findings });
      c.out.line(`${r.replaced ? 'Replaced' : 'Created'} initiative ${def.id} "${def.name}".`);
      for (const f of check.findings) c.out.line(`  checklist: ${f.message}`);
    });

  group
    .command('list')
    .description('Initiatives with owner, dates and planned total.')
    .action(async () => {
      const c = ctx();
      const all = await listInitiatives(await c.openStore());
      if (c.out.json) return c.out.data(all);
      if (all.length === 0)
        return c.out.line('No initiatives yet: `costlens initiative set FILE`.');
      c.out.table(
        ['id', 'name', 'owner', 'from', 'to', 'plan'],
        all.map((i) => [
          i.id,
          i.name,
          i.owner,
          i.start,
          i.end,
          `${money(checkPlan(i).total)} ${i.currency}`,
        ]),
      );
    });

  group
    .command('plan <id>')
    .description('The budget checklist: categories below the waterline, typical ranges.')
    .action(async (id: string) => {
      const c = ctx();
      const check = checkPlan(await getInitiative(await c.openStore(), id));
      if (c.out.json) return c.out.data(check);
      c.out.table(
        ['category', 'planned'],
        Object.entries(check.byCategory).map(([k, v]) => [k, money(v)]),
      );
      c.out.line(`Total ${money(check.total)}`);
      for (const f of check.findings) c.out.line(`• ${f.message}`);
      if (check.findings.length === 0) c.out.line('The plan covers every category.');
    });

  group
    .command('actual <id>')
    .description('Plan vs actual by month, with forecast to completion and overlapping mappings.')
    .action(async (id: string) => {
      const c = ctx();
      const wh = await c.openStore();
      const p = await planVsActual(wh, await getInitiative(wh, id));
      if (c.out.json) return c.out.data(p);
      c.out.table(
        ['month', 'plan', 'actual', 'forecast'],
        p.months.map((m) => [
          m.month,
          money(m.plan),
          m.actual === null ? '' : money(m.actual),
          m.forecast === '0' ? '' : money(m.forecast),
        ]),
      );
      c.out.line(
        `Plan ${money(p.planTotal)} · actual to date ${money(p.actualToDate)} · estimate at completion ${money(p.estimateAtCompletion)} ${p.currency} (data through ${p.dataThrough ?? '—'})`,
      );
      for (const o of p.overlaps) {
        c.out.line(`Overlap: mappings ${o.a} and ${o.b} share ${money(o.amount)}; counted once.`);
      }
      c.out.table(
        ['actual by source', 'total'],
        p.lines.map((l) => [l.label, money(l.total)]),
      );
    });

  group
    .command('roi <id>')
    .description('ROI, payback, NPV and the sensitivity table (benefits −30 %, costs +30 %).')
    .action(async (id: string) => {
      const c = ctx();
      const wh = await c.openStore();
      const def = await getInitiative(wh, id);
      const pva = await planVsActual(wh, def);
      const flows = cashFlows(def, pva);
      const r = roi(flows, def.discountRatePct);
      const s = sensitivity(flows, def.discountRatePct);
      const measurements = await measureBenefits(wh, def);
      const measured = measurements.some((m) => m.measuredThrough !== null)
        ? roi(cashFlows(def, pva, 'estimate', measurements), def.discountRatePct)
        : null;
      if (c.out.json) {
        return c.out.data({ roi: r, roiMeasured: measured, measurements, sensitivity: s, flows });
      }
      c.out.line(
        `Cost ${money(r.totalCost)} · benefit ${money(r.totalBenefit)} · net ${money(r.net)} ${def.currency} · ROI ${pct(r.roi)} · payback ${r.paybackMonth ?? 'not within the horizon'} · NPV at ${r.discountRatePct} % ${money(r.npv)}`,
      );
      for (const m of measurements) {
        c.out.line(
          `KPI ${m.kpi} (metric ${m.metric}): measured ${m.measuredToDate} vs ${m.plannedToDate} planned, through ${m.measuredThrough ?? '— (no data yet)'}`,
        );
      }
      if (measured) {
        c.out.line(
          `As measured: benefit ${money(measured.totalBenefit)} · ROI ${pct(measured.roi)} · NPV ${money(measured.npv)}`,
        );
      }
      c.out.table(
        ['benefits', 'costs', 'net', 'ROI', 'NPV'],
        s.map((x) => [
          `× ${x.benefitFactor}`,
          `× ${x.costFactor}`,
          money(x.net),
          pct(x.roi),
          money(x.npv),
        ]),
      );
    });

  group
    .command('overlaps')
    .description(
      'Spend claimed by two initiatives at once (would be double-counted in a portfolio).',
    )
    .action(async () => {
      const c = ctx();
      const wh = await c.openStore();
      const o = await portfolioOverlaps(wh, await listInitiatives(wh));
      if (c.out.json) return c.out.data(o);
      if (o.length === 0) return c.out.line('No spend is claimed by two initiatives.');
      c.out.table(
        ['initiative#mapping', 'initiative#mapping', 'shared'],
        o.map((x) => [x.a, x.b, money(x.amount)]),
      );
    });

  group
    .command('report <id>')
    .description(
      'The CFO one-pager: --out report.html [--pdf report.pdf] (PDF via a local Chromium).',
    )
    .requiredOption('--out <file>', 'HTML file to write')
    .option('--pdf <file>', 'also print it to a one-page PDF')
    .action(async (id: string, opts: { out: string; pdf?: string }) => {
      const c = ctx();
      const wh = await c.openStore();
      const report = await buildInitiativeReport(wh, await getInitiative(wh, id));
      writeFileSync(opts.out, initiativeReportHtml(report));
      if (opts.pdf) printPdf(opts.out, opts.pdf);
      if (c.out.json) return c.out.data({ html: opts.out, pdf: opts.pdf ?? null, roi: report.roi });
      c.out.line(`Wrote ${opts.out}${opts.pdf ? ` and ${opts.pdf}` : ''}.`);
    });

  group
    .command('delete <id>')
    .description('Delete an initiative (audited).')
    .action(async (id: string) => {
      const c = ctx();
      await deleteInitiative(await c.openStore(), id, { actor: whoami() });
      if (c.out.json) return c.out.data({ deleted: id });
      c.out.line(`Deleted initiative ${id}.`);
    });
};

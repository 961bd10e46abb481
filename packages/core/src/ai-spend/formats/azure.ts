/**
 * Azure OpenAI rows of an Azure cost export (FOCUS export or the actual-cost CSV): meters such as
 * "gpt 4o 0513 Input global Tokens" become usage events (model, token type, tokens) whose
 * `reportedCost` is the row's EffectiveCost. Other services' rows are skipped, not errors. The
 * invoice side of these rows is the Azure export ingested into FOCUS; events only add detail.
 */
import { splitCsvLine } from '../../util/csv-line.ts';
import { decimalText } from '../decimal-text.ts';
import { FieldReader } from '../field-reader.ts';
import type { LlmUsageEvent, ParsedUsage } from '../usage-event.ts';
import { blankEvent } from '../usage-event.ts';

const ALIASES: Record<string, readonly string[]> = {
  start: ['chargeperiodstart', 'date', 'usagedate'],
  service: ['servicename', 'metercategory', 'xskumetercategory', 'consumedservice'],
  meter: ['xskumetername', 'metername', 'xskumetersubcategory', 'metersubcategory'],
  consumed: ['consumedquantity', 'quantity'],
  consumedUnit: ['consumedunit', 'unitofmeasure'],
  pricingQty: ['pricingquantity'],
  pricingUnit: ['pricingunit'],
  cost: ['effectivecost', 'costinbillingcurrency', 'billedcost', 'cost'],
  resource: ['resourceid', 'instanceid'],
  resourceName: ['resourcename'],
  subAccount: ['subaccountid', 'subscriptionid'],
  region: ['regionname', 'resourcelocation', 'location'],
  tags: ['tags'],
};

const norm = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');

/** "gpt 4o mini 0718 cached Input global Tokens" → { base: 'gpt-4o-mini', mmdd: '0718', kind: 'cached' }. */
export function parseAzureMeter(
  meter: string,
): { base: string; mmdd: string | null; kind: 'input' | 'output' | 'cached' } | null {
  const m = /^(.*?)\s+(cached\s+input|cache\s+input|input|output)\b/i.exec(meter.trim());
  if (!m) return null;
  const words = (m[1] ?? '').trim().split(/\s+/);
  const last = words[words.length - 1] ?? '';
  const mmdd = /^\d{4}$/.test(last) ? last : null;
  const base = (mmdd ? words.slice(0, -1) : words).join('-').toLowerCase();
  const kind = /cache/i.test(m[2] ?? '')
    ? 'cached'
    : /output/i.test(m[2] ?? '')
      ? 'output'
      : 'input';
  return { base, mmdd, kind };
}

/** The model id a meter names, resolved against known model ids (price-book keys). */
export function azureMeterModel(
  base: string,
  mmdd: string | null,
  knownModels: Iterable<string>,
): string {
  if (!mmdd) return base;
  const re = new RegExp(
    `^(?:azure/)?${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d{4})-${mmdd.slice(0, 2)}-${mmdd.slice(2)}$`,
  );
  for (const k of knownModels) {
    const hit = re.exec(k);
    if (hit) return `${base}-${hit[1]}-${mmdd.slice(0, 2)}-${mmdd.slice(2)}`;
  }
  return `${base}-${mmdd}`;
}

export function parseAzureOpenAiExport(
  text: string,
  file: string,
  knownModels: Iterable<string>,
): ParsedUsage {
  const r = new FieldReader(file);
  const events: LlmUsageEvent[] = [];
  const lines = text.split(/\r?\n/);
  let h = 0;
  while (h < lines.length && (lines[h]!.startsWith('#') || lines[h]!.trim() === '')) h++;
  const header = splitCsvLine((lines[h] ?? '').replace(/^\uFEFF/, '')).map(norm);
  const at = (k: string) => header.findIndex((c) => (ALIASES[k] ?? []).includes(c));
  for (const need of ['start', 'service', 'meter', 'consumed', 'cost']) {
    if (at(need) === -1)
      r.problem(
        h + 1,
        need,
        `missing a ${need} column (${(ALIASES[need] ?? []).join(' / ')}).`,
        'Use an Azure cost export (FOCUS or actual cost) with its original header.',
      );
  }
  if (r.issues.length)
    return { source: 'azure-openai-export', events, invoiceLines: [], issues: r.issues };
  const known = [...knownModels];
  for (let i = h + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const line = i + 1;
    const f = splitCsvLine(raw);
    const get = (k: string) => {
      const idx = at(k);
      return idx === -1 ? '' : (f[idx] ?? '').trim();
    };
    const service = get('service');
    if (!/openai|foundry models/i.test(service)) continue;
    const meter = get('meter');
    const parsed = parseAzureMeter(meter);
    const startMs = Date.parse(get('start'));
    if (!Number.isFinite(startMs))
      r.problem(line, 'ChargePeriodStart', `"${get('start')}" is not a date.`);
    const start = new Date(Number.isFinite(startMs) ? startMs : 0).toISOString();
    const cost = decimalText(get('cost'));
    if (cost === null) r.problem(line, 'EffectiveCost', `"${get('cost')}" is not a number.`);
    let tags: Record<string, string> = {};
    try {
      const t = get('tags');
      const obj = t
        ? (JSON.parse(t.startsWith('{') ? t : `{${t}}`) as Record<string, unknown>)
        : {};
      tags = Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, String(v)]));
    } catch {
      r.problem(line, 'Tags', 'Tags is not a JSON object.');
    }
    const resource = get('resource');
    const e = blankEvent({
      eventKey: `azure-openai|${start}|${resource}|${meter}`,
      replaceKey: `azure-openai|${start}|${resource}|${meter}`,
      source: 'azure-openai-export',
      sourceLine: line,
      startTime: start,
      provider: 'azure-openai',
      billedVia: 'cloud-bill',
      model: parsed ? azureMeterModel(parsed.base, parsed.mmdd, known) : null,
      operation: parsed ? 'chat' : 'other',
    });
    e.requests = 0;
    e.reportedCost = cost;
    e.account = get('subAccount') || null;
    e.team = tags.team ?? null;
    e.app = tags.app ?? tags.application ?? null;
    e.feature = tags.feature ?? null;
    e.environment = tags.environment ?? tags.env ?? null;
    e.tags = { ...tags, ...(resource ? { resource_id: resource } : {}), meter };
    const consumed = get('consumed');
    const unit = get('consumedUnit');
    let tokens: number | null = null;
    if (/token/i.test(unit) || (unit === '' && parsed)) tokens = Number(consumed);
    else if (/^1k$/i.test(get('pricingUnit')) || /1k|1,000|1000/i.test(unit))
      tokens = Number(get('pricingQty') || consumed) * 1000;
    if (parsed) {
      if (tokens === null || !Number.isInteger(tokens) || tokens < 0) {
        r.problem(
          line,
          'ConsumedQuantity',
          `"${consumed}" ${unit} is not a whole, non-negative token count.`,
          'Azure OpenAI token meters are exported in Tokens (or 1K tokens).',
        );
        tokens = 0;
      }
      if (parsed.kind === 'input') e.inputTokens = tokens;
      else if (parsed.kind === 'cached') e.cacheReadTokens = tokens;
      else e.outputTokens = tokens;
    } else {
      e.otherQuantity = decimalText(consumed);
      e.otherUnit = unit || null;
    }
    events.push(e);
  }
  return { source: 'azure-openai-export', events, invoiceLines: [], issues: r.issues };
}

/**
 * Microsoft's open data for Azure billing (data/azure, MIT, from microsoft/finops-toolkit) and the
 * FinOps Foundation's Azure category mapping, turned into SQL lookups: service name / category /
 * subcategory by resource type (else consumed service), region id and name by any spelling of a
 * location, and pricing unit and block size by Azure's UnitOfMeasure. Loaded once per process.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lookupExpr, serviceCategoryLookup } from './lookup-table.ts';
import { splitCsvLine } from '../../util/csv-line.ts';

const DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../data/azure');

/** Reads a CSV under data/azure into records (quoted fields honoured, BOM dropped). */
function readRecords(file: string): Record<string, string>[] {
  const text = readFileSync(resolve(DATA_DIR, file), 'utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = splitCsvLine(lines[0] ?? '');
  return lines.slice(1).map((l) => {
    const fields = splitCsvLine(l);
    return Object.fromEntries(header.map((h, i) => [h, fields[i] ?? '']));
  });
}

/** Keeps only keys whose rows all agree on the value (an ambiguous key is no lookup). */
function unambiguous(pairs: Iterable<[string, string]>): Map<string, string> {
  const seen = new Map<string, string | null>();
  for (const [k, v] of pairs) {
    if (k === '' || v === '') continue;
    const prev = seen.get(k);
    seen.set(k, prev === undefined || prev === v ? v : null);
  }
  return new Map([...seen].filter((e): e is [string, string] => e[1] !== null));
}

export interface AzureLookups {
  /** SQL for a Services.csv field from consumed service and resource type (both SQL). */
  service(
    field: 'ServiceName' | 'ServiceCategory' | 'ServiceSubcategory',
    cs: string,
    rt: string,
  ): string;
  regionId(location: string): string;
  regionName(location: string): string;
  pricingUnit(unitOfMeasure: string): string;
  /** Block size of a UnitOfMeasure as DECIMAL (e.g. 10000 for `10K`), NULL when unknown. */
  blockSize(unitOfMeasure: string): string;
  /** 1 / block size, rounded to 15 decimals (exact for the usual powers of ten). */
  blockReciprocal(unitOfMeasure: string): string;
}

let cached: AzureLookups | undefined;

/** 1/n as a decimal string with at most 15 decimals, rounded half up. */
function reciprocal(n: bigint): string {
  const scale = 10n ** 15n;
  const q = (scale * 2n + n) / (2n * n);
  const s = q.toString().padStart(16, '0');
  return `${s.slice(0, -15)}.${s.slice(-15)}`;
}

/** The lookups, loaded on first use. */
export function azureLookups(): AzureLookups {
  if (cached) return cached;
  const services = readRecords('Services.csv');
  const lower = (s: string | undefined) => (s ?? '').trim().toLowerCase();
  // Resource type decides the service (Services.csv keys on it); the consumed service alone is
  // the fallback when every row of it agrees.
  const field = (f: 'ServiceName' | 'ServiceCategory' | 'ServiceSubcategory') => ({
    byType: unambiguous(services.map((r) => [lower(r['ResourceType']), r[f] ?? ''])),
    byService: unambiguous(services.map((r) => [lower(r['ConsumedService']), r[f] ?? ''])),
  });
  const fields = {
    ServiceName: field('ServiceName'),
    ServiceCategory: field('ServiceCategory'),
    ServiceSubcategory: field('ServiceSubcategory'),
  };
  const categoryByService = serviceCategoryLookup(['azure/azure_category_mapping.csv']);
  const regions = readRecords('Regions.csv');
  const regionIds = new Map(regions.map((r) => [lower(r['OriginalValue']), r['RegionId'] ?? '']));
  const regionNames = new Map(
    regions.map((r) => [lower(r['OriginalValue']), r['RegionName'] ?? '']),
  );
  const units = readRecords('PricingUnits.csv');
  const unitNames = unambiguous(
    units.map((r) => [lower(r['UnitOfMeasure']), r['DistinctUnits'] ?? '']),
  );
  const blocks = unambiguous(
    units.map((r) => [lower(r['UnitOfMeasure']), r['PricingBlockSize'] ?? '']),
  );
  const reciprocals = new Map(
    [...blocks].filter(([, b]) => /^[1-9]\d*$/.test(b)).map(([k, b]) => [k, reciprocal(BigInt(b))]),
  );
  const trimmed = (sql: string) => `trim(${sql})`;
  cached = {
    service(f, cs, rt) {
      const m = fields[f];
      const fallback = f === 'ServiceCategory' ? lookupExpr(cs, categoryByService, 'NULL') : 'NULL';
      return lookupExpr(trimmed(rt), m.byType, lookupExpr(trimmed(cs), m.byService, fallback));
    },
    regionId: (loc) => lookupExpr(trimmed(loc), regionIds),
    regionName: (loc) => lookupExpr(trimmed(loc), regionNames),
    pricingUnit: (u) => lookupExpr(trimmed(u), unitNames),
    blockSize: (u) => `CAST(${lookupExpr(trimmed(u), blocks)} AS DECIMAL(38, 0))`,
    blockReciprocal: (u) => `CAST(${lookupExpr(trimmed(u), reciprocals)} AS DECIMAL(38, 15))`,
  };
  return cached;
}

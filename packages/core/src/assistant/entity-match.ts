/**
 * Matches the words of a question against the data's own dimension values: exact names ("Amazon
 * Simple Storage Service", "us-east-1"), curated synonyms ("ec2", "s3", "prod"), a single distinctive
 * word of a name ("sagemaker"), and one-letter typos of long words. A word that fits several values
 * without a hint ("compute": a category and three services) becomes an ambiguity to ask about, never
 * a guess. Words next to a dimension name ("the data team", "category compute") are matched in that
 * dimension only. Pure: the index comes from entity-index.ts.
 */
import type { EntityIndex, IndexedValue } from './entity-index.ts';
import { normalizeName } from './entity-index.ts';

export interface Token {
  text: string;
  start: number;
  end: number;
}

export interface EntityMatch {
  /** The question's words that matched. */
  phrase: string;
  dimension: string;
  /** One value, or several for a synonym group (prod → prod, production, Prod). */
  values: string[];
  how: 'exact' | 'synonym' | 'word' | 'typo' | 'explicit';
  tokens: [number, number];
}

export interface EntityOption {
  dimension: string;
  values: string[];
  /** How a person reads it: `service "Amazon Elastic Compute Cloud"`. */
  label: string;
}

export interface Ambiguity {
  phrase: string;
  tokens: [number, number];
  options: EntityOption[];
}

/** Words that name a dimension, used as hints and in "by …" group-bys. */
export const DIMENSION_WORDS: Readonly<Record<string, string>> = {
  service: 'service',
  services: 'service',
  provider: 'provider',
  providers: 'provider',
  cloud: 'provider',
  clouds: 'provider',
  vendor: 'provider',
  vendors: 'provider',
  region: 'region',
  regions: 'region',
  account: 'sub_account_name',
  accounts: 'sub_account_name',
  subscription: 'sub_account_name',
  subscriptions: 'sub_account_name',
  project: 'sub_account_name',
  projects: 'sub_account_name',
  team: 'team',
  teams: 'team',
  category: 'service_category',
  categories: 'service_category',
  environment: 'env',
  environments: 'env',
  env: 'env',
  envs: 'env',
  resource: 'resource_name',
  resources: 'resource_name',
  app: 'tag:app',
  apps: 'tag:app',
  application: 'tag:app',
  applications: 'tag:app',
  feature: 'tag:feature',
  features: 'tag:feature',
  owner: 'tag:owner',
  owners: 'tag:owner',
  sku: 'sku',
  skus: 'sku',
  charge: 'charge_category',
  pricing: 'pricing_category',
};

const DIM_LABEL: Record<string, string> = {
  provider: 'provider',
  service: 'service',
  service_category: 'category',
  region: 'region',
  sub_account_name: 'account',
  sub_account: 'account',
  team: 'team',
  charge_category: 'charge category',
  pricing_category: 'pricing category',
  resource_name: 'resource',
};

/** How a dimension is named in answers. */
export function dimensionLabel(dim: string): string {
  return DIM_LABEL[dim] ?? (dim.startsWith('tag:') ? `${dim.slice(4)} tag` : dim);
}

interface Synonym {
  words: readonly string[];
  dimension: string | 'env';
  match: RegExp;
}

/** Curated synonyms; each resolves to whichever stored values its pattern matches. */
const SYNONYMS: readonly Synonym[] = [
  {
    words: ['aws', 'amazon', 'amazon web services'],
    dimension: 'provider',
    match: /^(aws|amazon)/i,
  },
  { words: ['azure', 'microsoft'], dimension: 'provider', match: /^(microsoft|azure)/i },
  { words: ['gcp', 'google', 'google cloud'], dimension: 'provider', match: /^google/i },
  {
    words: ['ec2', 'amazon ec2', 'elastic compute cloud'],
    dimension: 'service',
    match: /elastic compute cloud|^(amazon )?ec2$/i,
  },
  {
    words: ['s3', 'amazon s3', 'simple storage service'],
    dimension: 'service',
    match: /simple storage service|^(amazon )?s3$/i,
  },
  {
    words: ['rds', 'amazon rds'],
    dimension: 'service',
    match: /relational database service|^(amazon )?rds$/i,
  },
  {
    words: ['eks', 'kubernetes', 'k8s'],
    dimension: 'service',
    match: /kubernetes|^(amazon )?eks$/i,
  },
  { words: ['lambda'], dimension: 'service', match: /lambda/i },
  { words: ['cloudwatch'], dimension: 'service', match: /cloudwatch/i },
  { words: ['data transfer', 'egress'], dimension: 'service', match: /data transfer|bandwidth/i },
  {
    words: ['vm', 'vms', 'virtual machine', 'virtual machines', 'azure vms'],
    dimension: 'service',
    match: /^virtual machines/i,
  },
  { words: ['gce', 'compute engine'], dimension: 'service', match: /^compute engine/i },
  {
    words: ['gcs', 'cloud storage', 'google cloud storage'],
    dimension: 'service',
    match: /^cloud storage/i,
  },
  { words: ['bq', 'bigquery'], dimension: 'service', match: /bigquery/i },
  { words: ['azure sql', 'sql database'], dimension: 'service', match: /^sql database/i },
  { words: ['azure openai', 'aoai'], dimension: 'service', match: /azure openai/i },
  { words: ['vertex', 'vertex ai'], dimension: 'service', match: /vertex/i },
  { words: ['bedrock'], dimension: 'service', match: /bedrock/i },
  { words: ['sagemaker'], dimension: 'service', match: /sagemaker/i },
  { words: ['support'], dimension: 'service', match: /support/i },
  { words: ['tax', 'taxes'], dimension: 'charge_category', match: /^tax$/i },
  { words: ['credits', 'credit'], dimension: 'charge_category', match: /^credit$/i },
  {
    words: ['purchases', 'commitment purchases'],
    dimension: 'charge_category',
    match: /^purchase$/i,
  },
  { words: ['spot'], dimension: 'pricing_category', match: /^dynamic$/i },
  { words: ['on-demand', 'on demand'], dimension: 'pricing_category', match: /^standard$/i },
  { words: ['committed', 'reserved'], dimension: 'pricing_category', match: /^committed$/i },
  {
    words: ['prod', 'production', 'prd', 'live'],
    dimension: 'env',
    match: /^(prod|production|prd|live)$/i,
  },
  { words: ['staging', 'stage', 'stg'], dimension: 'env', match: /^(staging|stage|stg)$/i },
  { words: ['dev', 'development'], dimension: 'env', match: /^(dev|development|develop)$/i },
  { words: ['test', 'qa'], dimension: 'env', match: /^(test|testing|qa)$/i },
];

/** Values that are ordinary English words: matched only next to their dimension's name. */
export const COMMON_WORDS: ReadonlySet<string> = new Set([
  'data',
  'search',
  'platform',
  'growth',
  'mobile',
  'us',
  'other',
  'standard',
  'usage',
  'purchase',
  'credit',
  'tax',
  'dynamic',
  'committed',
  'bandwidth',
  'global',
  'ai',
  'none',
  'web',
  'api',
]);

/** Words never matched as part of a name. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a an and are as at be by can cost costs did do does for from had has have how i in is it its
   me much my of on or our per show spend spent spending than that the their them this to total
   us was we were what when where which who why will with you your all each every vs versus
   compared compare month months week weeks day days year years quarter last this next since
   top biggest largest most highest lowest least cheapest expensive trend trends over time
   breakdown split go went up down increase decrease rise drop change changed bill billed
   effective amortized list amount money dollars usd forecast budget budgets anomaly anomalies
   recommendation recommendations savings save saving unit quality daily weekly monthly quarterly
   yearly so far today yesterday between through until during across just only please tell give
   list show get name value values were be been being about out into more less growing grow
   cloud service services account accounts region regions team teams provider providers category
   categories resource resources environment environments app apps tag tags project projects
   spend spending expenses expense charge charges pricing per`.split(/\s+/),
);

/** Splits a question into lower-case tokens, keeping ids like `us-east-1` and `fh-dev` whole. */
export function tokenize(text: string): Token[] {
  const lower = text.toLowerCase();
  return [...lower.matchAll(/[a-z0-9$][a-z0-9._:/@$-]*[a-z0-9]|[a-z0-9]/g)].map((m) => ({
    text: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/** One insertion, deletion, substitution or swap of neighbours ("bigqeury") apart. */
function editDistanceAtMostOne(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length === b.length) {
    const diff = [...a].map((c, i) => (c === b[i] ? -1 : i)).filter((i) => i >= 0);
    if (
      diff.length === 2 &&
      diff[1] === diff[0]! + 1 &&
      a[diff[0]!] === b[diff[1]!] &&
      a[diff[1]!] === b[diff[0]!]
    ) {
      return true;
    }
  }
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

function option(index: EntityIndex, dim: string, values: string[]): EntityOption {
  const d = dim === 'env' ? (index.envDimension ?? 'tag:environment') : dim;
  const label =
    values.length === 1
      ? `${dimensionLabel(d)} "${values[0]}"`
      : `${dimensionLabel(d)} ${values.map((v) => `"${v}"`).join(' or ')}`;
  return { dimension: d, values, label };
}

function hintAt(tokens: readonly Token[], i: number, j: number): string | undefined {
  const before = tokens[i - 1]?.text;
  // "the data team", but not "AWS services" (a plural after a name is a group-by, not a hint).
  const next = tokens[j]?.text;
  const after = next && /'s$|[^s]$/.test(next) ? next.replace(/'s$/, '') : undefined;
  return (before && DIMENSION_WORDS[before]) ?? (after && DIMENSION_WORDS[after]) ?? undefined;
}

function fitsHint(dim: string, hint: string | undefined, index: EntityIndex): boolean {
  if (!hint) return true;
  if (hint === 'env') return dim === 'env' || dim === index.envDimension;
  if (hint === 'sub_account_name') return dim === 'sub_account_name' || dim === 'sub_account';
  if (hint === 'charge_category') return dim === 'charge_category';
  return dim === hint;
}

const HINT_ONLY_DIMS = new Set(['charge_category', 'pricing_category']);

/** Tag values and resource names are free text: matched bare only when they look like ids. */
const isNamed = (v: IndexedValue) =>
  !v.dimension.startsWith('tag:') && v.dimension !== 'resource_name';
const isSpecific = (value: string) =>
  value.length >= 6 && /[-_\d]/.test(value) && !/\s/.test(value);

/**
 * Finds the entities a question names. `skip` marks token indexes already used (time words).
 * @example matchEntities(tokenize('ec2 spend in prod'), index) // service EC2, tag:environment prod|production
 */
export function matchEntities(
  tokens: readonly Token[],
  index: EntityIndex,
  skip: ReadonlySet<number> = new Set(),
): { matches: EntityMatch[]; ambiguities: Ambiguity[]; used: Set<number> } {
  const used = new Set(skip);
  const matches: EntityMatch[] = [];
  const ambiguities: Ambiguity[] = [];
  const byNorm = new Map<string, IndexedValue[]>();
  for (const v of index.values) {
    const list = byNorm.get(v.norm) ?? [];
    list.push(v);
    byNorm.set(v.norm, list);
  }
  const synonymValues = (s: Synonym): { dim: string; values: string[] } | undefined => {
    const dim = s.dimension === 'env' ? index.envDimension : s.dimension;
    if (!dim) return undefined;
    const values = index.values
      .filter((v) => v.dimension === dim && s.match.test(v.value))
      .map((v) => v.value);
    return values.length > 0 ? { dim, values: [...new Set(values)] } : undefined;
  };
  const free = (i: number, j: number) => {
    for (let k = i; k < j; k++) if (used.has(k)) return false;
    return true;
  };
  const take = (i: number, j: number) => {
    for (let k = i; k < j; k++) used.add(k);
  };
  const phraseOf = (i: number, j: number) =>
    tokens
      .slice(i, j)
      .map((t) => t.text.replace(/'s$/, ''))
      .join(' ');

  // Longest phrases first: exact names and synonyms.
  for (let n = Math.min(6, tokens.length); n >= 1; n--) {
    for (let i = 0; i + n <= tokens.length; i++) {
      const j = i + n;
      if (!free(i, j)) continue;
      const phrase = phraseOf(i, j);
      const hint = hintAt(tokens, i, j);
      const syn = SYNONYMS.find((s) => s.words.includes(phrase));
      const synHit = syn ? synonymValues(syn) : undefined;
      if (synHit && fitsHint(syn!.dimension === 'env' ? 'env' : synHit.dim, hint, index)) {
        matches.push({
          phrase,
          dimension: synHit.dim,
          values: synHit.values,
          how: 'synonym',
          tokens: [i, j],
        });
        take(i, j);
        continue;
      }
      const exact = (byNorm.get(normalizeName(phrase)) ?? []).filter((v) =>
        fitsHint(v.dimension, hint, index),
      );
      if (exact.length === 0) continue;
      const isCommon = n === 1 && COMMON_WORDS.has(phrase);
      const candidates = exact.filter(
        (v) =>
          hint !== undefined ||
          (!HINT_ONLY_DIMS.has(v.dimension) && !isCommon && (isNamed(v) || isSpecific(v.value))),
      );
      if (candidates.length === 0) continue;
      // Same-dimension duplicates (region "US" and "us") become one filter.
      const dims = [...new Set(candidates.map((c) => c.dimension))];
      const partials = n === 1 && !hint ? wordMatches(phrase, index, candidates) : [];
      if (dims.length === 1 && partials.length === 0) {
        matches.push({
          phrase,
          dimension: dims[0]!,
          values: [...new Set(candidates.map((c) => c.value))],
          how: 'exact',
          tokens: [i, j],
        });
        take(i, j);
        continue;
      }
      const options = [
        ...dims.map((d) =>
          option(index, d, [
            ...new Set(candidates.filter((c) => c.dimension === d).map((c) => c.value)),
          ]),
        ),
        ...partials.map((p) => option(index, p.dimension, [p.value])),
      ];
      ambiguities.push({ phrase, tokens: [i, j], options: options.slice(0, 8) });
      take(i, j);
    }
  }

  // Then single distinctive words of names, and one-letter typos.
  for (let i = 0; i < tokens.length; i++) {
    if (used.has(i)) continue;
    const word = tokens[i]!.text.replace(/'s$/, '');
    if (
      word.length < 3 ||
      STOP_WORDS.has(word) ||
      COMMON_WORDS.has(word) ||
      DIMENSION_WORDS[word] !== undefined ||
      /^\d/.test(word)
    ) {
      continue;
    }
    const hint = hintAt(tokens, i, i + 1);
    let found = wordMatches(word, index, []).filter((v) => fitsHint(v.dimension, hint, index));
    let how: EntityMatch['how'] = 'word';
    if (found.length === 0 && word.length >= 5) {
      const syn = SYNONYMS.find((s) =>
        s.words.some((w) => w.length >= 5 && editDistanceAtMostOne(w, word)),
      );
      const synHit = syn ? synonymValues(syn) : undefined;
      if (synHit) {
        matches.push({
          phrase: word,
          dimension: synHit.dim,
          values: synHit.values,
          how: 'typo',
          tokens: [i, i + 1],
        });
        used.add(i);
        continue;
      }
      found = index.values.filter(
        (v) =>
          !HINT_ONLY_DIMS.has(v.dimension) &&
          isNamed(v) &&
          fitsHint(v.dimension, hint, index) &&
          v.norm.split(' ').some((w) => w.length >= 5 && editDistanceAtMostOne(w, word)),
      );
      how = 'typo';
    }
    if (found.length === 0) continue;
    used.add(i);
    if (found.length === 1) {
      matches.push({
        phrase: word,
        dimension: found[0]!.dimension,
        values: [found[0]!.value],
        how,
        tokens: [i, i + 1],
      });
    } else {
      ambiguities.push({
        phrase: word,
        tokens: [i, i + 1],
        options: found.slice(0, 8).map((v) => option(index, v.dimension, [v.value])),
      });
    }
  }
  return { matches, ambiguities, used };
}

/** Values with `word` as one of their words (not the whole name), biggest spend first. */
function wordMatches(
  word: string,
  index: EntityIndex,
  exclude: readonly IndexedValue[],
): IndexedValue[] {
  const out = index.values.filter(
    (v) =>
      !exclude.includes(v) &&
      !HINT_ONLY_DIMS.has(v.dimension) &&
      v.dimension !== 'resource_name' &&
      !v.dimension.startsWith('tag:') &&
      v.norm !== word &&
      v.norm.split(/[\s()]+/).includes(word),
  );
  return out.sort((a, b) => a.costRank - b.costRank);
}

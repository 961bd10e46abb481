/**
 * The demo company: teams, their apps, environments and the cloud accounts they run in, plus how
 * (badly) each account tags its resources. Tagging is deliberately imperfect — untagged resources,
 * `Team`/`team`/`owner` key variants, `prod`/`Prod`/`production` values — as real estates are.
 */
import type { SeededRandom } from './seeded-random.ts';

export interface DemoApp {
  name: string;
  team: string;
  /** Workload shape (see cost-profiles.ts). */
  profile: 'web' | 'batch' | 'ai' | 'internal';
  /** Relative size of the app's footprint. */
  weight: number;
}

export type TagStyle = 'team' | 'Team' | 'owner';

export interface DemoAccount {
  provider: 'aws' | 'azure' | 'gcp';
  id: string;
  name: string;
  env: 'prod' | 'staging' | 'dev' | 'shared';
  /** Share of resources left untagged. */
  untaggedShare: number;
  tagStyle: TagStyle;
}

export interface DemoCompany {
  name: string;
  teams: readonly string[];
  apps: readonly DemoApp[];
  aws: { billingAccountId: string; billingAccountName: string; accounts: DemoAccount[] };
  azure: { billingAccountId: string; billingAccountName: string; accounts: DemoAccount[] };
  gcp: { billingAccountId: string; billingAccountName: string; accounts: DemoAccount[] };
}

export const DEMO_APPS: readonly DemoApp[] = [
  { name: 'k8s-shared', team: 'platform', profile: 'web', weight: 3 },
  { name: 'observability', team: 'platform', profile: 'internal', weight: 1 },
  { name: 'search-api', team: 'search', profile: 'web', weight: 3 },
  { name: 'indexer', team: 'search', profile: 'batch', weight: 2 },
  { name: 'checkout-api', team: 'checkout', profile: 'web', weight: 2 },
  { name: 'payments', team: 'checkout', profile: 'web', weight: 1 },
  { name: 'warehouse', team: 'data', profile: 'batch', weight: 3 },
  { name: 'etl', team: 'data', profile: 'batch', weight: 2 },
  { name: 'recommender', team: 'ml', profile: 'ai', weight: 2 },
  { name: 'assistant', team: 'ml', profile: 'ai', weight: 2 },
  { name: 'training', team: 'ml', profile: 'batch', weight: 1 },
  { name: 'marketing-site', team: 'growth', profile: 'web', weight: 1 },
  { name: 'email', team: 'growth', profile: 'internal', weight: 1 },
  { name: 'mobile-bff', team: 'mobile', profile: 'web', weight: 2 },
];

/** Builds the company; account ids come from the seed. */
export function createCompany(rnd: SeededRandom): DemoCompany {
  const awsAccount = (
    name: string,
    env: DemoAccount['env'],
    untagged: number,
    style: TagStyle,
  ) => ({
    provider: 'aws' as const,
    id: rnd.digits(12),
    name,
    env,
    untaggedShare: untagged,
    tagStyle: style,
  });
  const azureSub = (name: string, env: DemoAccount['env'], untagged: number, style: TagStyle) => ({
    provider: 'azure' as const,
    id: `/subscriptions/${rnd.uuid()}`,
    name,
    env,
    untaggedShare: untagged,
    tagStyle: style,
  });
  const gcpProject = (name: string, env: DemoAccount['env'], untagged: number) => ({
    provider: 'gcp' as const,
    id: `${name}-${rnd.int(100000, 999999)}`,
    name,
    env,
    untaggedShare: untagged,
    // GCP labels must be lower case, so GCP never shows `Team`.
    tagStyle: 'team' as const,
  });
  const gcpBilling = `${rnd.hex(6)}-${rnd.hex(6)}-${rnd.hex(6)}`.toUpperCase();
  return {
    name: 'Fernhill Commerce',
    teams: [...new Set(DEMO_APPS.map((a) => a.team))],
    apps: DEMO_APPS,
    aws: {
      billingAccountId: rnd.digits(12),
      billingAccountName: 'Fernhill Commerce (payer)',
      accounts: [
        awsAccount('fernhill-prod', 'prod', 0.06, 'team'),
        awsAccount('fernhill-data', 'prod', 0.1, 'team'),
        awsAccount('fernhill-ml', 'prod', 0.08, 'team'),
        awsAccount('fernhill-staging', 'staging', 0.15, 'team'),
        awsAccount('fernhill-dev', 'dev', 0.3, 'owner'),
        awsAccount('fernhill-shared', 'shared', 0.12, 'team'),
        awsAccount('fernhill-legacy', 'prod', 0.4, 'Team'),
      ],
    },
    azure: {
      billingAccountId: `/providers/Microsoft.Billing/billingAccounts/${rnd.digits(8)}`,
      billingAccountName: 'Fernhill Commerce EA',
      accounts: [
        azureSub('fh-prod-eastus', 'prod', 0.1, 'Team'),
        azureSub('fh-ai-eastus2', 'prod', 0.05, 'team'),
        azureSub('fh-dev', 'dev', 0.35, 'owner'),
      ],
    },
    gcp: {
      billingAccountId: gcpBilling,
      billingAccountName: 'Fernhill Commerce GCP',
      accounts: [
        gcpProject('fh-analytics-prod', 'prod', 0.08),
        gcpProject('fh-vertex-prod', 'prod', 0.05),
        gcpProject('fh-sandbox', 'dev', 0.3),
      ],
    },
  };
}

/**
 * Tags for one resource as its account would write them, or null when left untagged.
 * The model's true owner is `team`; what the bill says may differ.
 */
export function tagsFor(
  rnd: SeededRandom,
  account: DemoAccount,
  owner: { team: string; app: string; env: string },
  opts: { forceTagged?: boolean } = {},
): string | null {
  if (!opts.forceTagged && rnd.chance(account.untaggedShare)) return null;
  const tags: Record<string, string> = {};
  const style: TagStyle =
    rnd.chance(0.05) && account.provider !== 'gcp' ? 'Team' : account.tagStyle;
  tags[style] = style === 'owner' ? `${owner.team}@fernhill.example` : owner.team;
  if (!rnd.chance(0.1)) tags['app'] = owner.app;
  if (!rnd.chance(0.08))
    tags[account.provider === 'gcp' ? 'env' : 'environment'] = envSpelling(rnd, owner.env);
  if (rnd.chance(0.3)) tags['cost-center'] = `cc-${100 + owner.team.length * 7}`;
  return JSON.stringify(tags);
}

function envSpelling(rnd: SeededRandom, env: string): string {
  if (env !== 'prod') return rnd.chance(0.9) ? env : env.toUpperCase();
  return rnd.weighted([
    ['prod', 80],
    ['production', 15],
    ['Prod', 5],
  ] as const);
}

/**
 * `costlens allocation …` — the allocation config as data: check a JSON file, save it as the
 * version in force, show it, or print an example to start from. A config that does not fit the
 * catalog (a rule naming an unknown dimension) is refused before it is stored.
 */
import { readFileSync } from 'node:fs';
import {
  buildCatalog,
  CostLensError,
  listUnitMetrics,
  loadSavedAllocationConfig,
  parseAllocationConfig,
  saveAllocationConfig,
} from '@costlens/core';
import type { AllocationConfig } from '@costlens/core';
import type { RegisterCommand } from './types.ts';

/** A config showing every feature; valid as printed. */
export const EXAMPLE_ALLOCATION: AllocationConfig = {
  tagAliases: { team: ['team', 'owner'], environment: ['environment', 'env'] },
  virtualDimensions: [
    {
      id: 'cost_centre',
      label: 'Cost centre',
      rules: [
        {
          when: [{ dimension: 'sub_account', op: 'in', value: ['111111111111', '222222222222'] }],
          value: 'CC-100 Platform',
        },
        { when: [{ dimension: 'team', op: 'eq', value: 'ml' }], value: 'CC-200 Research' },
      ],
      default: 'CC-999 Unmapped',
    },
  ],
  sharedCosts: [
    {
      id: 'support',
      description: 'Provider support fees',
      match: [{ dimension: 'service', op: 'contains', value: 'support' }],
      across: 'team',
      method: 'proportional',
    },
    {
      id: 'shared_cluster',
      match: [{ dimension: 'tag:cluster', op: 'eq', value: 'shared' }],
      across: 'team',
      method: 'even',
      targets: ['ml', 'web', 'data'],
    },
    {
      id: 'untagged_platform',
      match: [
        { dimension: 'team', op: 'is_null' },
        { dimension: 'service_category', op: 'eq', value: 'Networking' },
      ],
      across: 'team',
      method: 'fixed',
      percentages: { web: 60, data: 40 },
    },
  ],
};

function readConfig(file: string): AllocationConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CostLensError({
      code: 'SOURCE_UNREADABLE',
      message: `${file}: cannot read the file (${e instanceof Error ? e.message : String(e)})`,
    });
  }
  return parseAllocationConfig(text, file);
}

export const registerAllocation: RegisterCommand = (program, ctx) => {
  const cmd = program
    .command('allocation')
    .description(
      'Allocation rules as data: tag normalization, virtual dimensions, shared-cost splits.',
    );

  cmd
    .command('check')
    .description('Validate an allocation config file without saving it.')
    .argument('<file>', 'JSON file')
    .action(async (file: string) => {
      const { out, openStore } = ctx();
      const config = readConfig(file);
      const wh = await openStore();
      buildCatalog({ allocation: config, unitMetrics: await listUnitMetrics(wh) });
      if (out.json) return out.data({ ok: true, config });
      out.line(
        `${file} is valid: ${Object.keys(config.tagAliases).length} normalized tag(s), ${config.virtualDimensions.length} virtual dimension(s), ${config.sharedCosts.length} shared-cost rule(s).`,
      );
    });

  cmd
    .command('set')
    .description('Validate an allocation config file and save it as the version in force.')
    .argument('<file>', 'JSON file')
    .action(async (file: string) => {
      const { out, openStore } = ctx();
      const config = readConfig(file);
      const wh = await openStore();
      buildCatalog({ allocation: config, unitMetrics: await listUnitMetrics(wh) });
      const version = await saveAllocationConfig(wh, config, { source: file });
      if (out.json) return out.data({ version });
      out.line(`Saved allocation config version ${version} from ${file}.`);
    });

  cmd
    .command('show')
    .description('Print the allocation config in force.')
    .action(async () => {
      const { out, openStore } = ctx();
      const wh = await openStore();
      const saved = await loadSavedAllocationConfig(wh);
      if (!saved) {
        if (out.json) return out.data(null);
        return out.line(
          'No allocation config saved: `team` reads the team tag; no shared-cost rules. Start from `costlens allocation example`.',
        );
      }
      if (out.json) return out.data(saved);
      out.info(
        `version ${saved.version}, saved ${saved.savedAt}${saved.source ? ` from ${saved.source}` : ''}`,
      );
      out.line(JSON.stringify(saved.config, null, 2));
    });

  cmd
    .command('example')
    .description('Print an example allocation config to start from.')
    .action(() => {
      ctx().out.line(JSON.stringify(EXAMPLE_ALLOCATION, null, 2));
    });
};

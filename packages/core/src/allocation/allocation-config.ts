/**
 * The allocation config as data (JSON, validated with zod): tag-key normalization, virtual
 * dimensions (map accounts, projects or tags to a cost centre or product) and shared-cost rules
 * (split a pool evenly, proportionally to direct spend, or by fixed percentages).
 * Parsing collects every problem at once, each naming the file, line and field.
 */
import { z } from 'zod';
import { CostLensError } from '../errors.ts';
import type { Issue } from '../errors.ts';

const ID = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]*$/,
    'use lower-case letters, digits and underscores, starting with a letter',
  );

const FilterSchema = z
  .object({
    dimension: z.string().min(1),
    op: z.enum(['eq', 'neq', 'in', 'not_in', 'contains', 'is_null', 'is_not_null']),
    value: z.union([z.string(), z.array(z.string())]).optional(),
  })
  .strict();

const VirtualDimensionSchema = z
  .object({
    id: ID,
    label: z.string().optional(),
    description: z.string().optional(),
    rules: z
      .array(z.object({ when: z.array(FilterSchema).min(1), value: z.string().min(1) }).strict())
      .min(1),
    default: z.string().nullable().optional(),
  })
  .strict();

const SharedCostSchema = z
  .object({
    id: ID,
    description: z.string().optional(),
    /** Rows in the pool: all filters must hold. */
    match: z.array(FilterSchema).min(1),
    /** The dimension the pool is split across (default `team`). */
    across: z.string().min(1).default('team'),
    method: z.enum(['even', 'proportional', 'fixed']),
    /** Values that receive a share; default: every value with direct cost in the period. */
    targets: z.array(z.string().min(1)).min(1).optional(),
    /** For `fixed`: value → percent, summing to 100. */
    percentages: z.record(z.string(), z.number().positive()).optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (rule.method === 'fixed') {
      const pct = Object.values(rule.percentages ?? {});
      if (pct.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['percentages'],
          message: 'a fixed split needs percentages',
        });
      } else if (Math.abs(pct.reduce((a, b) => a + b, 0) - 100) > 1e-9) {
        ctx.addIssue({
          code: 'custom',
          path: ['percentages'],
          message: 'percentages must add up to 100',
        });
      }
    } else if (rule.percentages) {
      ctx.addIssue({
        code: 'custom',
        path: ['percentages'],
        message: `percentages only apply to method "fixed"`,
      });
    }
  });

export const AllocationConfigSchema = z
  .object({
    /** Canonical tag key → source keys (matched ignoring case), earlier keys win. */
    tagAliases: z.record(ID, z.array(z.string().min(1)).min(1)).default({}),
    virtualDimensions: z.array(VirtualDimensionSchema).default([]),
    sharedCosts: z.array(SharedCostSchema).default([]),
  })
  .strict();

export type AllocationConfig = z.infer<typeof AllocationConfigSchema>;
export type VirtualDimension = AllocationConfig['virtualDimensions'][number];
export type SharedCostRule = AllocationConfig['sharedCosts'][number];

/** The config used when none was saved: `team` reads the `team` tag in any case. */
export const DEFAULT_ALLOCATION_CONFIG: AllocationConfig = {
  tagAliases: { team: ['team'] },
  virtualDimensions: [],
  sharedCosts: [],
};

/** The 1-based line of the first occurrence of a JSON key path in `text`, best effort. */
function lineOfPath(text: string, path: readonly PropertyKey[]): number | undefined {
  let from = 0;
  for (const key of path) {
    if (typeof key !== 'string') continue;
    const at = text.indexOf(`"${key}"`, from);
    if (at < 0) break;
    from = at;
  }
  return from > 0 ? text.slice(0, from).split('\n').length : undefined;
}

/**
 * Parses and validates an allocation config file's text. Throws INVALID_INPUT listing every
 * problem with file, line and field.
 * @example parseAllocationConfig('{"tagAliases":{"team":["Team","owner"]}}', 'alloc.json')
 */
export function parseAllocationConfig(text: string, file = 'allocation config'): AllocationConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `${file}${line ? `:${line}` : ''}: not valid JSON (${msg})`,
      hint: 'The allocation config is a JSON object; see `costlens allocation example`.',
      issues: [{ file, ...(line ? { line } : {}), message: `not valid JSON: ${msg}` }],
    });
  }
  return validateAllocationConfig(raw, { file, text });
}

/** Validates an already-parsed config object (from the API). */
export function validateAllocationConfig(
  raw: unknown,
  src: { file?: string; text?: string } = {},
): AllocationConfig {
  const result = AllocationConfigSchema.safeParse(raw);
  const issues: Issue[] = [];
  if (!result.success) {
    for (const i of result.error.issues) {
      const line = src.text ? lineOfPath(src.text, i.path) : undefined;
      issues.push({
        ...(src.file ? { file: src.file } : {}),
        ...(line ? { line } : {}),
        column: i.path.map(String).join('.') || '(root)',
        message: i.message,
      });
    }
  } else {
    issues.push(...crossCheck(result.data, src.file));
  }
  if (issues.length > 0) {
    const first = issues[0]!;
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `${first.file ?? 'allocation config'}${first.line ? `:${first.line}` : ''} field ${first.column}: ${first.message}${issues.length > 1 ? ` (${issues.length} problems in all)` : ''}`,
      hint: 'Fix the allocation config and save it again; `costlens allocation example` prints a valid one.',
      issues,
    });
  }
  return result.data!;
}

function crossCheck(cfg: AllocationConfig, file: string | undefined): Issue[] {
  const issues: Issue[] = [];
  const at = (column: string, message: string): Issue => ({
    ...(file ? { file } : {}),
    column,
    message,
  });
  const ids = new Set<string>();
  for (const [i, v] of cfg.virtualDimensions.entries()) {
    if (ids.has(v.id) || v.id in cfg.tagAliases) {
      issues.push(at(`virtualDimensions.${i}.id`, `dimension id "${v.id}" is declared twice`));
    }
    ids.add(v.id);
  }
  const rules = new Set<string>();
  for (const [i, r] of cfg.sharedCosts.entries()) {
    if (rules.has(r.id))
      issues.push(at(`sharedCosts.${i}.id`, `rule id "${r.id}" is declared twice`));
    rules.add(r.id);
    if (r.method === 'fixed' && r.targets) {
      issues.push(
        at(`sharedCosts.${i}.targets`, 'a fixed split takes its targets from percentages'),
      );
    }
  }
  return issues;
}

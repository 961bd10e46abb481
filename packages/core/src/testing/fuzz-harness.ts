/**
 * What every fuzz target checks about one outcome: success, or a typed CostLensError that names
 * the file — never another exception type, never a database error passed through as INTERNAL,
 * never longer than the per-input time budget. Also the run count (`COSTLENS_FUZZ_RUNS`, read
 * here because this is test-only code; `npm run fuzz` sets 10,000) and a fixed default seed.
 * Test-only; not part of the public API.
 */
import assert from 'node:assert/strict';
import { CostLensError } from '../errors.ts';
import type { FuzzInput } from './fuzz-arbitraries.ts';

/** Runs for a target: `COSTLENS_FUZZ_RUNS` when set, else `defaultRuns`. */
export function fuzzRuns(defaultRuns: number): number {
  const env = Number(process.env['COSTLENS_FUZZ_RUNS']);
  return Number.isInteger(env) && env > 0 ? env : defaultRuns;
}

/** fast-check parameters: a fixed seed unless `COSTLENS_FUZZ_SEED` picks another. */
export function fuzzParams(defaultRuns: number) {
  const seed = Number(process.env['COSTLENS_FUZZ_SEED']);
  return {
    numRuns: fuzzRuns(defaultRuns),
    seed: Number.isInteger(seed) ? seed : 15_2026,
    endOnFailure: true,
    includeErrorInReport: true,
  };
}

/** The per-input time budget: generous for a loaded 2-core CI machine, far below a hang. */
export const INPUT_BUDGET_MS = 10_000;

export type Outcome = { ok: true } | { ok: false; error: CostLensError };

function describeInput(input: FuzzInput): string {
  return `seed ${input.seed}, ops [${input.ops.join('; ')}]`;
}

/** Checks a thrown value: a CostLensError with a real code that names `file`. */
export function assertTypedError(e: unknown, file: string, input: FuzzInput): CostLensError {
  if (!(e instanceof CostLensError)) {
    const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new Error(`untyped ${what.slice(0, 300)} (${describeInput(input)})`, { cause: e });
  }
  if (e.code === 'INTERNAL') {
    throw new Error(`INTERNAL error leaked: ${e.message.slice(0, 300)} (${describeInput(input)})`, {
      cause: e,
    });
  }
  const named = e.message.includes(file) || e.issues.some((i) => i.file === file);
  if (!named) {
    throw new Error(
      `error does not name the file: ${e.message.slice(0, 300)} (${describeInput(input)})`,
      {
        cause: e,
      },
    );
  }
  return e;
}

/** Runs a synchronous parser on one input and checks its outcome and time. */
export function expectTypedOutcome(run: () => unknown, file: string, input: FuzzInput): Outcome {
  const started = performance.now();
  let outcome: Outcome;
  try {
    run();
    outcome = { ok: true };
  } catch (e) {
    outcome = { ok: false, error: assertTypedError(e, file, input) };
  }
  const ms = performance.now() - started;
  if (ms > INPUT_BUDGET_MS) throw new Error(`took ${Math.round(ms)} ms (${describeInput(input)})`);
  return outcome;
}

/**
 * Runs an async operation on one input, racing the time budget, and checks its outcome. Pass a
 * budget scaled from the unmutated seed's own time where one ingest is slow on a loaded machine.
 */
export async function expectTypedOutcomeAsync(
  run: () => Promise<unknown>,
  file: string,
  input: FuzzInput,
  budgetMs = INPUT_BUDGET_MS,
): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`over ${budgetMs} ms (${describeInput(input)})`)),
      budgetMs,
    );
  });
  try {
    await Promise.race([run(), budget]);
    return { ok: true };
  } catch (e) {
    if (e instanceof Error && e.message.startsWith('over ')) throw e;
    return { ok: false, error: assertTypedError(e, file, input) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One fuzzed load into a store: a typed outcome within the budget (tallied) and, when the load
 * is refused, the store exactly as `snapshot` saw it before — nothing lost, nothing half-written.
 */
export async function expectAtomicLoad(opts: {
  snapshot: () => Promise<unknown>;
  load: () => Promise<unknown>;
  file: string;
  input: FuzzInput;
  tally: OutcomeTally;
  budgetMs?: number;
}): Promise<void> {
  const before = await opts.snapshot();
  const outcome = await expectTypedOutcomeAsync(opts.load, opts.file, opts.input, opts.budgetMs);
  opts.tally.add(outcome);
  if (!outcome.ok) assert.deepEqual(await opts.snapshot(), before, 'nothing was written');
}

/** Counts outcomes per error code, for the summary a fuzz run prints. */
export class OutcomeTally {
  readonly counts = new Map<string, number>();
  add(o: Outcome): void {
    const k = o.ok ? 'ok' : o.error.code;
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
  }
  toString(): string {
    return [...this.counts].map(([k, n]) => `${k} ${n}`).join(', ');
  }
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCatalog, compileQuery, parseAllocationConfig } from '@costlens/core';
import { EXAMPLE_ALLOCATION } from './allocation.ts';

describe('costlens allocation example', () => {
  it('prints a config that validates, fits the catalog and compiles every dimension it declares', () => {
    const config = parseAllocationConfig(
      JSON.stringify(EXAMPLE_ALLOCATION, null, 2),
      'example.json',
    );
    const catalog = buildCatalog({ allocation: config });
    for (const id of ['team', 'environment', 'cost_centre', 'shared_pool']) {
      const c = compileQuery({ metric: 'effective_cost', groupBy: [id] }, { catalog });
      assert.equal(c.columns[0]!.name, id);
    }
    assert.deepEqual(
      config.sharedCosts.map((r) => r.method),
      ['proportional', 'even', 'fixed'],
    );
  });
});

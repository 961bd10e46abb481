// Extracts the token-pricing fields CostLens reads from LiteLLM's model price map into the shipped
// price book version (packages/core/data/llm-prices/litellm-<date>.json). Every model entry is
// kept (a known model without token prices is "unpriced", not "unknown"); values are unchanged.
// Usage: node scripts/gen-llm-prices.mjs <model_prices_and_context_window.json> <YYYY-MM-DD>
import { readFileSync, writeFileSync } from 'node:fs';

const FIELDS = [
  'litellm_provider',
  'mode',
  'input_cost_per_token',
  'output_cost_per_token',
  'cache_read_input_token_cost',
  'cache_creation_input_token_cost',
  'input_cost_per_token_batches',
  'output_cost_per_token_batches',
  'output_cost_per_reasoning_token',
];
const [src, date] = process.argv.slice(2);
if (!src || !/^\d{4}-\d{2}-\d{2}$/.test(date ?? '')) {
  console.error('usage: node scripts/gen-llm-prices.mjs <litellm json> <YYYY-MM-DD>');
  process.exit(2);
}
const all = JSON.parse(readFileSync(src, 'utf8'));
const out = {};
for (const [key, entry] of Object.entries(all)) {
  if (key === 'sample_spec' || key === 'fallback_generalizations' || typeof entry !== 'object')
    continue;
  const kept = {};
  for (const f of FIELDS) if (entry[f] !== undefined && entry[f] !== null) kept[f] = entry[f];
  out[key] = kept;
}
const path = `packages/core/data/llm-prices/litellm-${date}.json`;
writeFileSync(path, `${JSON.stringify(out)}\n`);
console.log(`${path}: ${Object.keys(out).length} models`);

#!/usr/bin/env python3
"""Regenerates packages/core/src/focus/focus-columns.generated.ts from the FOCUS column tables
shipped in packages/core/data/focus (copied from the FOCUS spec, CC-BY-4.0)."""
import json, pathlib
root = pathlib.Path(__file__).resolve().parent.parent
data = root / 'packages/core/data/focus'
cols13 = json.load(open(data / 'focus_1.3_columns.json'))
cols12 = json.load(open(data / 'focus_1.2_columns.json'))
out, seen = [], set()
for c in cols13:
    if c['dataset'] == 'CostAndUsage':
        seen.add(c['column_id']); out.append(c)
for c in cols12:
    if c.get('dataset', 'CostAndUsage') == 'CostAndUsage' and c['column_id'] not in seen:
        c = dict(c, deprecated=True); out.append(c); seen.add(c['column_id'])
def row(c):
    return '  { name: %s, dataType: %s, featureLevel: %s, allowsNulls: %s, deprecated: %s, introduced: %s, allowedValues: %s },' % (
        json.dumps(c['column_id']), json.dumps(c['data_type']), json.dumps(c['feature_level']),
        'true' if str(c['allows_nulls']) == 'True' else 'false',
        'true' if c['deprecated'] in (True, 'True') else 'false', json.dumps(str(c.get('introduced', ''))),
        json.dumps(c.get('allowed_values') or []))
body = '\n'.join(row(c) for c in out)
(root / 'packages/core/src/focus/focus-columns.generated.ts').write_text(f"""/**
 * FOCUS Cost and Usage columns: every 1.3 column plus those of 1.2 (none were removed in 1.3;
 * ProviderName and PublisherName are deprecated there). Generated from the FOCUS specification's
 * column tables (CC-BY-4.0, FinOps Open Cost and Usage Specification; see data/SOURCES.md) by
 * scripts/gen-focus-columns.py. Do not edit by hand.
 */
import type {{ FocusColumnSpec }} from './focus-column-spec.ts';

export const FOCUS_COLUMNS: readonly FocusColumnSpec[] = [
{body}
];
""")

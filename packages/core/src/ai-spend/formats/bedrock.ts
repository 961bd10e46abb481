/**
 * AWS Bedrock model invocation logs (`schemaType: ModelInvocationLog`), JSON lines as CloudWatch /
 * S3 deliver them, or one pretty-printed record. Bedrock's `inputTokenCount` excludes cache reads
 * and writes. `modelId` may be an ARN: a foundation-model or system inference-profile ARN names
 * the model; an application inference profile does not, so `requestMetadata.model` is used when
 * the caller tagged it, else the ARN stays the model (and is flagged unpriced).
 */
import { FieldReader, get } from '../field-reader.ts';
import type { LlmUsageEvent, ParsedUsage } from '../usage-event.ts';
import { blankEvent } from '../usage-event.ts';

const META_KEYS = ['team', 'app', 'feature', 'environment', 'user', 'conversation'] as const;

/** Resolves a Bedrock `modelId` (plain id or ARN) to a model id when it names one. */
export function bedrockModel(modelId: string, metadataModel: string | null): string {
  const arn = /^arn:aws[\w-]*:bedrock:[^:]*:[^:]*:([a-z-]+)\/(.+)$/.exec(modelId);
  if (!arn) return modelId;
  const [, kind, rest = ''] = arn;
  if (kind === 'foundation-model' || kind === 'inference-profile') return rest;
  return metadataModel ?? modelId;
}

export function parseBedrockLog(
  records: { value: unknown; line: number }[],
  file: string,
): ParsedUsage {
  const r = new FieldReader(file);
  const events: LlmUsageEvent[] = [];
  for (const { value: rec, line } of records) {
    if (get(rec, 'schemaType') !== 'ModelInvocationLog') {
      r.problem(
        line,
        'schemaType',
        `schemaType ${JSON.stringify(get(rec, 'schemaType'))} is not ModelInvocationLog.`,
        'Each line must be one Bedrock model invocation log record.',
      );
      continue;
    }
    const requestId = r.text(rec, 'requestId', line, { required: true });
    const modelId = r.text(rec, 'modelId', line, {
      required: true,
      hint: 'Bedrock logs name the model (or inference profile) in modelId.',
    });
    const meta = (get(rec, 'requestMetadata') ?? {}) as Record<string, unknown>;
    const metaText = (k: string) =>
      typeof meta[k] === 'string' && meta[k] !== '' ? (meta[k] as string) : null;
    const e = blankEvent({
      eventKey: `bedrock|${requestId ?? line}`,
      replaceKey: `bedrock|${requestId ?? line}`,
      source: 'bedrock-invocation-log',
      sourceLine: line,
      startTime: r.time(rec, 'timestamp', line),
      provider: 'aws-bedrock',
      billedVia: 'cloud-bill',
      model: modelId === null ? null : bedrockModel(modelId, metaText('model')),
      operation: r.text(rec, 'operation', line) ?? 'InvokeModel',
    });
    e.account = r.text(rec, 'accountId', line);
    e.inputTokens = r.count(rec, 'input.inputTokenCount', line, { required: true });
    e.cacheReadTokens = r.count(rec, 'input.cacheReadInputTokenCount', line);
    e.cacheWriteTokens = r.count(rec, 'input.cacheWriteInputTokenCount', line);
    e.outputTokens = r.count(rec, 'output.outputTokenCount', line, { required: true });
    e.team = metaText('team');
    e.app = metaText('app');
    e.feature = metaText('feature');
    e.environment = metaText('environment') ?? metaText('env');
    e.user = metaText('user');
    e.conversation = metaText('conversation');
    e.status = get(rec, 'errorCode') ? 'error' : 'success';
    const tags: Record<string, string> = {};
    for (const [k, v] of Object.entries(meta)) {
      if (!(META_KEYS as readonly string[]).includes(k) && k !== 'model' && v !== null)
        tags[k] = String(v);
    }
    if (modelId?.startsWith('arn:')) tags.resource_id = modelId;
    const region = r.text(rec, 'region', line);
    if (region) tags.region = region;
    e.tags = tags;
    events.push(e);
  }
  return { source: 'bedrock-invocation-log', events, invoiceLines: [], issues: r.issues };
}

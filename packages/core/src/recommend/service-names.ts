/**
 * Lenient service-name matching: "DocumentDB", "Amazon DocumentDB (with MongoDB compatibility)"
 * and "AmazonDocDB" are one service. Normalization drops vendor words, parentheticals and
 * punctuation; a small synonym table maps abbreviations and service codes to one key.
 */

const VENDOR_WORDS =
  /\b(amazon|aws|azure|microsoft|google|cloud|gcp|oracle|oci|service|services|the|for|on)\b/g;

const SYNONYMS: Record<string, string> = {
  docdb: 'documentdb',
  es: 'opensearch',
  'opensearch service': 'opensearch',
  elasticsearch: 'opensearch',
  mcs: 'keyspaces',
  'elastic compute': 'ec2',
  'elastic compute cloud': 'ec2',
  'relational database': 'rds',
  'virtual machines': 'virtual machines',
  vm: 'virtual machines',
  vms: 'virtual machines',
  'compute engine': 'compute engine',
  gce: 'compute engine',
  'sql database': 'sql database',
  'sagemaker ai': 'sagemaker',
  'simple storage': 's3',
  'elasticache redis': 'elasticache',
  'database migration': 'dms',
  databasemigrationsvc: 'dms',
};

/** A comparable key for a service name or service code. */
export function serviceKey(name: string): string {
  let s = name
    .replace(/\([^)]*\)/g, ' ')
    // Service codes: AmazonDocDB → docdb, AWSLambda → lambda.
    .replace(/^(Amazon|AWS)(?=[A-Z])/, '')
    .toLowerCase()
    .replace(VENDOR_WORDS, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
  s = SYNONYMS[s] ?? s;
  return s;
}

/** Keys under which an offer's own service is known. */
export function offerServiceKeys(offer: {
  service: string;
  service_code?: string | undefined;
}): Set<string> {
  const keys = new Set<string>([serviceKey(offer.service)]);
  if (offer.service_code && /^[A-Za-z]+$/.test(offer.service_code)) {
    keys.add(serviceKey(offer.service_code));
  }
  // "Amazon RDS (incl. Aurora provisioned)" also answers to its first word group.
  for (const part of offer.service.split(/[/,]/)) keys.add(serviceKey(part));
  keys.delete('');
  return keys;
}

/** Keys of the services a savings plan covers. */
export function coveredServiceKeys(offer: {
  covers?: readonly string[] | undefined;
  covers_service_codes?: readonly string[] | undefined;
}): Set<string> {
  const keys = new Set<string>();
  for (const c of offer.covers ?? []) keys.add(serviceKey(c));
  for (const c of offer.covers_service_codes ?? []) keys.add(serviceKey(c));
  keys.delete('');
  return keys;
}

/** Provider names as FOCUS rows spell them → the draft's provider ids. */
export function providerKey(name: string | null | undefined): string {
  const s = (name ?? '').toLowerCase();
  if (/aws|amazon/.test(s)) return 'aws';
  if (/microsoft|azure/.test(s)) return 'azure';
  if (/google|gcp/.test(s)) return 'gcp';
  if (/oracle|oci/.test(s)) return 'oci';
  return s;
}

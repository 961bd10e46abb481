/**
 * The workload a pod belongs to, from Kubernetes naming: a Deployment's pods are
 * `name-<replicaset hash>-<5 chars>`, a StatefulSet's `name-<ordinal>`, a Job's or DaemonSet's
 * `name-<5 chars>`. A heuristic on names only — a registry entry by namespace or device is exact.
 */

/** Kubernetes' random-suffix alphabet (no vowels, no 0/1/3), so `llama-serve` stays whole. */
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';

/** @example workloadOfPod('trainer-7d9f8c6b5-x2x9z') // 'trainer' */
export function workloadOfPod(pod: string): string {
  const deployment = new RegExp(`^(.+)-${SAFE}{6,10}-${SAFE}{5}$`).exec(pod);
  if (deployment) return deployment[1]!;
  const stateful = /^(.+)-\d+$/.exec(pod);
  if (stateful) return stateful[1]!;
  const job = new RegExp(`^(.+)-${SAFE}{5}$`).exec(pod);
  return job ? job[1]! : pod;
}

/**
 * What the builders know about the estate beyond the bill's rows: EC2 instances (for utilization
 * and rightsizing), commitments (for unused-commitment rows), the GPU fleet, and notable events
 * (launches, decommissions, commitment expiries) listed in the ground truth.
 */

export interface Ec2Instance {
  resourceId: string;
  type: string;
  subAccountId: string;
  team: string;
  app: string;
  env: string;
  startDay: number;
  endDay: number;
  /** Set for instances planted as savings opportunities; drives their utilization. */
  utilization: 'normal' | 'idle' | 'oversized' | 'gpu';
}

export interface Commitment {
  id: string;
  /** Commitment per day: covered effective cost up to this, the rest is an Unused row. */
  dailyAmountUsd: string;
  startDay: number;
  endDay: number;
  /** The purchase (fee) template whose attributes the Unused rows copy. */
  templateItemId: number;
}

export type GpuBehaviour = 'saturated' | 'bursty' | 'idle' | 'mig';

export interface GpuHost {
  resourceId: string;
  hostname: string;
  type: string;
  gpuCount: number;
  gpuModel: string;
  behaviour: GpuBehaviour;
  team: string;
  app: string;
}

export interface DemoEvent {
  date: string;
  kind: 'launch' | 'decommission' | 'commitment_purchase' | 'commitment_expiry' | 'credit_end';
  description: string;
  scope: Record<string, string>;
}

export class DemoInventory {
  readonly instances: Ec2Instance[] = [];
  readonly commitments: Commitment[] = [];
  readonly gpuHosts: GpuHost[] = [];
  readonly events: DemoEvent[] = [];
}

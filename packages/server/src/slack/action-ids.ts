/** The ids Slack echoes back for CostLens buttons and modals: one table, so blocks and handlers agree. */
export const ACTION = {
  ack: 'costlens_anomaly_ack',
  notAnIssue: 'costlens_anomaly_not_an_issue',
  expected: 'costlens_anomaly_expected',
  assign: 'costlens_anomaly_assign',
  approve: 'costlens_rec_approve',
  reject: 'costlens_rec_reject',
} as const;

export const VIEW = {
  assign: 'costlens_assign',
  decision: 'costlens_rec_decision',
} as const;

/** Block and input ids inside the modals. */
export const INPUT = {
  assigneeBlock: 'assignee',
  assigneeAction: 'user',
  reasonBlock: 'reason',
  reasonAction: 'text',
} as const;

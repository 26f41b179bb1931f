/** One open denial as the weekly prioritisation reads it (the fields of the workqueue mart). */
export interface WorkqueueRow {
  readonly clmId: string;
  readonly agingDays: number;
  /** A proxy: what was left unpaid, not a promise of what can be recovered. */
  readonly deniedAmountCents: number;
  readonly topDenialGroup: string;
  readonly topDenialPrcsg: string;
  readonly topNextBestAction: string;
  /** Chance the denial stays unrecovered, 0..1. */
  readonly pDenial: number;
}

/** The workqueue as it stood at the end of one dataset week. */
export interface Snapshot {
  readonly weekKey: string;
  readonly rows: readonly WorkqueueRow[];
}

/** How the current week was chosen: named on the command line, or the latest week with data. */
export type AnchorMode = 'explicit_week' | 'latest_data_week' | 'csv_single_snapshot';

/** The current week's workqueue and, when there is one, the prior week's, for stability. */
export interface WorkqueueInput {
  readonly source: 'database' | 'csv';
  readonly anchorMode: AnchorMode;
  readonly current: Snapshot;
  readonly prior: Snapshot | null;
}

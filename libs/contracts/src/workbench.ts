/**
 * The workbench's pending work: what waits for the caller, counted over the same queue each count opens, so
 * the number on a tile is the length of the list behind it.
 */
export const WorkbenchTask = {
  /** Join applications waiting for review (入会审批). */
  Joins: 'joins',
  /** Transfers waiting for the caller's union to let a member go or take them in (转接审批). */
  Transfers: 'transfers',
  /** Online establishment applications waiting for approval (建会审批). */
  Establishments: 'establishments',
  /** Stations whose patrol is overdue or due within 30 days (驿站巡查). */
  PatrolsDue: 'patrols_due',
  /** Points-mall orders waiting for the member to pick them up (积分商城). */
  Pickups: 'pickups',
} as const;
export type WorkbenchTask = (typeof WorkbenchTask)[keyof typeof WorkbenchTask];
export const WORKBENCH_TASKS: readonly WorkbenchTask[] = Object.values(WorkbenchTask);

export interface WorkbenchPendingResponse {
  /** One count per task the caller may work on; a task outside the caller's permissions is absent. */
  counts: Partial<Record<WorkbenchTask, number>>;
}

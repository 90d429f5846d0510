// How often a long load reports its progress. Each report re-renders the progress notification in the window's
// renderer, a process that shares the cores with the load's workers: reporting after each of a folder's 200 files
// cost the renderer a quarter of a core for the whole load (bench:host, top: 20–27 % before, 9–13 % at 250 ms). At
// 250 ms the renderer still took 1.96 s of CPU during the 10 s load of a million events; at 1 s, 1.15 s (2 s: 0.87 s),
// and the tree's final counts came after 1.11 times the CLI's time instead of 1.18–1.31.

/** Least time between two reports: a counter that moves each second still shows a load under way. */
export const PROGRESS_REPORT_MS = 1000;

/** Says which progress updates are worth showing: the first, the last, and at most one per interval between. */
export class ProgressPacer {
  private reportedAt = -Infinity;

  constructor(
    private readonly intervalMs = PROGRESS_REPORT_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** True when this update should be shown; `last` is the load's final update, which always is. */
  due(last: boolean): boolean {
    const now = this.now();
    if (!last && now - this.reportedAt < this.intervalMs) return false;
    this.reportedAt = now;
    return true;
  }
}

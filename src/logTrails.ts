// The trails rebuilt from the CloudTrail calls in the loaded logs, kept up to date as logs are opened and closed.
// Indexing keeps those calls whole, so a rebuild reads no file and runs on every change of the log set.
import * as vscode from 'vscode';
import { judgeableTrails, runInSlices, trailsFromLogsSteps, type TrailConfig } from './core';
import type { LogSet } from './logSet';

export class LogTrails implements vscode.Disposable {
  private rebuilt: TrailConfig[] = [];
  private generation = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly logs: LogSet,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.disposables.push(logs.onDidChange(() => this.rebuild()));
    this.rebuild();
  }

  /** Every trail the logs name, with its timeline and failed calls. */
  get trails(): TrailConfig[] {
    return this.rebuilt;
  }

  /** The trails a verdict can be asked of (those with at least one change). */
  get judgeable(): TrailConfig[] {
    return judgeableTrails(this.rebuilt);
  }

  /** Rebuilds in slices of 10 ms (31,563 changes took 350-700 ms in one go); a rebuild started later supersedes it. */
  private rebuild(): void {
    const generation = ++this.generation;
    runInSlices(trailsFromLogsSteps(this.logs.store), 10).then(
      (rebuilt) => {
        if (generation !== this.generation) return;
        this.rebuilt = rebuilt;
        const changes = this.rebuilt.reduce((sum, trail) => sum + trail.timeline.length, 0);
        if (this.rebuilt.length > 0) this.output.info(`Trails rebuilt from the logs: ${this.rebuilt.length} trail(s), ${changes} change(s).`);
        this.changed.fire();
      },
      (error: unknown) => this.output.error('Could not rebuild the trails from the logs:', error),
    );
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

// The trails rebuilt from the CloudTrail calls in the loaded logs, kept up to date as logs are opened and closed.
// Rebuilding re-reads only the few trail calls the index finds; a burst of changes (a folder loading) rebuilds once.
import * as vscode from 'vscode';
import { judgeableTrails, trailsFromLogs, type TrailConfig } from './core';
import type { LogSet } from './logSet';

const REBUILD_DELAY_MS = 200;

export class LogTrails implements vscode.Disposable {
  private rebuilt: TrailConfig[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private timer: NodeJS.Timeout | undefined;
  private rebuilding: Promise<void> = Promise.resolve();

  constructor(
    private readonly logs: LogSet,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.disposables.push(logs.onDidChange(() => this.schedule()));
    this.schedule();
  }

  /** Every trail the logs name, with its timeline and failed calls. */
  get trails(): TrailConfig[] {
    return this.rebuilt;
  }

  /** The trails a verdict can be asked of (those with at least one change). */
  get judgeable(): TrailConfig[] {
    return judgeableTrails(this.rebuilt);
  }

  /** Resolves once the pending rebuild has finished (the in-host tests use it). */
  async whenRebuilt(): Promise<void> {
    while (this.timer !== undefined) await new Promise((resolve) => setTimeout(resolve, REBUILD_DELAY_MS));
    await this.rebuilding;
  }

  private schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.rebuilding = this.rebuilding.then(() => this.rebuild());
    }, REBUILD_DELAY_MS);
  }

  private async rebuild(): Promise<void> {
    try {
      this.rebuilt = await trailsFromLogs(this.logs.store);
      const changes = this.rebuilt.reduce((sum, trail) => sum + trail.timeline.length, 0);
      if (this.rebuilt.length > 0) this.output.info(`Trails rebuilt from the logs: ${this.rebuilt.length} trail(s), ${changes} change(s).`);
      this.changed.fire();
    } catch (error) {
      this.output.error('Could not rebuild the trails from the logs:', error);
    }
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}

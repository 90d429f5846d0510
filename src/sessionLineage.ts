// Session lineage for the surfaces: one SessionLinks over the log set's store, brought up to date after every change
// of the log set. Indexing kept each issuing call's link facts, so an update reads no file; updates run one after
// another in the background, and onDidChange tells the panel and the hovers that chains may have changed.
import * as vscode from 'vscode';
import { SessionLinks } from './core';
import type { LogSet } from './logSet';

export class SessionLineage implements vscode.Disposable {
  readonly links: SessionLinks;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** The last update scheduled; each waits for the one before. */
  private updating: Promise<void> = Promise.resolve();

  constructor(
    logs: LogSet,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.links = new SessionLinks(logs.store);
    this.disposables.push(logs.onDidChange(() => this.update()));
    this.update();
  }

  /** Resolves when every update scheduled so far has finished (the in-host tests wait on it). */
  whenUpdated(): Promise<void> {
    return this.updating;
  }

  private update(): void {
    this.updating = this.updating.then(async () => {
      try {
        await this.links.update();
        this.changed.fire();
      } catch (error) {
        this.output.error('Could not update the session links:', error);
      }
    });
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

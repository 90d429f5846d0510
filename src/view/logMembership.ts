// Which logs are open and why, as rules without VS Code: a log opened by a command stays until closed; a log that
// joined because an editor showed it leaves when its last tab closes, unless pinned; a log loaded only for a
// detail panel restored after a window reload leaves with that panel, unless pinned or shown in an editor by then.
// src/logSet.ts applies these rules to the editors' tabs and the event store.

/** Why a log is open. */
export type LogOrigin = 'command' | 'editor' | 'restoredPanel';

/** What a sync with the editors' tabs must do. */
export interface TabSyncPlan {
  /** Files in tabs that are neither open nor known not to be CloudTrail: sniff them, then `join` or `ignore`. */
  toSniff: string[];
  /** Transient logs no tab shows any more: they leave. */
  toClose: string[];
}

export class LogMembership {
  private readonly origins = new Map<string, LogOrigin>();
  private readonly pinned = new Set<string>();
  /**
   * Files in tabs that must not join: not CloudTrail (so not sniffed on every tab change), or closed by the user
   * while still shown. Forgotten once their tabs close.
   */
  private readonly ignoredInTabs = new Set<string>();

  get files(): string[] {
    return [...this.origins.keys()];
  }

  originOf(file: string): LogOrigin | undefined {
    return this.origins.get(file);
  }

  isOpen(file: string): boolean {
    return this.origins.has(file);
  }

  isPinned(file: string): boolean {
    return this.pinned.has(file);
  }

  /** A file loaded for `origin`. Opening by command makes a log stay; any other origin keeps an earlier reason. */
  join(file: string, origin: LogOrigin): void {
    if (origin === 'command' || !this.origins.has(file)) this.origins.set(file, origin);
  }

  /** The user closed a log; if a tab still shows it, it must not join again from that tab. */
  close(file: string, shownInTab: boolean): void {
    if (shownInTab) this.ignoredInTabs.add(file);
    this.origins.delete(file);
    this.pinned.delete(file);
  }

  closeAll(filesInTabs: Iterable<string>): void {
    for (const file of filesInTabs) this.ignoredInTabs.add(file);
    this.origins.clear();
    this.pinned.clear();
  }

  /** Pins an open log so it stays when its tab closes; false when the log is not open. */
  pin(file: string): boolean {
    if (!this.origins.has(file)) return false;
    this.pinned.add(file);
    return true;
  }

  unpin(file: string): void {
    this.pinned.delete(file);
  }

  /** A file in a tab that is not CloudTrail: not sniffed again while a tab shows it. */
  ignore(file: string): void {
    this.ignoredInTabs.add(file);
  }

  /**
   * The restored panel closed: its logs are from now on treated like logs opened in an editor, so the next sync
   * keeps them only if a tab shows them. True when some log was released.
   */
  releaseRestoredPanelLogs(): boolean {
    let released = false;
    for (const [file, origin] of this.origins) {
      if (origin !== 'restoredPanel') continue;
      this.origins.set(file, 'editor');
      released = true;
    }
    return released;
  }

  /** What to load and what to close for the files now shown in tabs; forgets ignored files no tab shows. */
  planTabSync(filesInTabs: ReadonlySet<string>, joinFromTabs: boolean): TabSyncPlan {
    const toSniff = joinFromTabs ? [...filesInTabs].filter((file) => !this.origins.has(file) && !this.ignoredInTabs.has(file)) : [];
    const toClose = this.transientFiles().filter((file) => !filesInTabs.has(file));
    for (const file of toClose) this.origins.delete(file);
    for (const file of this.ignoredInTabs) if (!filesInTabs.has(file)) this.ignoredInTabs.delete(file);
    return { toSniff, toClose };
  }

  /** Logs that leave when their tab closes: opened from an editor and not pinned. */
  transientFiles(): string[] {
    return this.files.filter((file) => this.origins.get(file) === 'editor' && !this.pinned.has(file));
  }
}

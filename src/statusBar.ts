// The status bar item: how many events are loaded and the tree's filter when one is active. Clicking it searches.
import * as vscode from 'vscode';
import { escapeMarkdown } from './view/markdown';

export class EventsStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('cloudtrailLens.status', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'CloudTrail Lens';
    this.item.command = 'cloudtrailLens.searchEvents';
  }

  update(eventCount: number, filter: string | undefined, filteredCount: number | undefined): void {
    if (eventCount === 0) {
      this.item.hide();
      return;
    }
    const events = `${eventCount.toLocaleString('en-US')} ${eventCount === 1 ? 'event' : 'events'}`;
    this.item.text = filter === undefined ? `$(cloud) ${events}` : `$(cloud) ${events} $(filter) ${truncate(filter, 40)}`;
    const lines = [`CloudTrail Lens: ${events} loaded.`];
    if (filter !== undefined) lines.push(`Filter: ${filter} (${(filteredCount ?? 0).toLocaleString('en-US')} match).`);
    lines.push('Click to search events.');
    this.item.tooltip = new vscode.MarkdownString(lines.map(escapeMarkdown).join('\n\n'));
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

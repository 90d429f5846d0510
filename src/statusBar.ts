// The status bar item: how many events are loaded, the tree's filter when one is active, and an eye when noise
// lenses hide events. Clicking it searches.
import * as vscode from 'vscode';
import { escapeMarkdown } from './view/markdown';
import { formatCount } from './core';

export class EventsStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('cloudtrailLens.status', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'CloudTrail Lens';
    this.item.command = 'cloudtrailLens.searchEvents';
  }

  update(eventCount: number, filter: string | undefined, shownCount: number | undefined, hidden: string | undefined): void {
    if (eventCount === 0) {
      this.item.hide();
      return;
    }
    const events = `${formatCount(eventCount)} ${eventCount === 1 ? 'event' : 'events'}`;
    const filterText = filter === undefined ? '' : ` $(filter) ${truncate(filter, 40)}`;
    this.item.text = `$(cloud) ${events}${filterText}${hidden === undefined ? '' : ' $(eye-closed)'}`;
    const lines = [`CloudTrail Lens: ${events} loaded.`];
    if (filter !== undefined) lines.push(`Filter: ${filter}.`);
    if (hidden !== undefined) lines.push(`Noise lenses hide ${hidden}.`);
    if (shownCount !== undefined) lines.push(`${formatCount(shownCount)} shown.`);
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

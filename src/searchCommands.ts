// Searches from the command palette, all in the engine's query language: a live QuickPick over every opened event,
// the tree's filter, and the shortcuts by event ID, access key and principal. A wrong query names the wrong term.
import * as vscode from 'vscode';
import type { DetailPanel } from './detailPanel';
import { lineageTerms, usesLineageTerms, type DerivedTerms } from './core';
import type { LogSet } from './logSet';
import type { SessionLineage } from './sessionLineage';
import type { EventsTree } from './treeView';
import { eventDescription, eventNameLabel, eventTimeLabel } from './view/eventLabels';
import { queryForValue, queryProblem } from './view/query';

/** Items a search shows at once: enough to scan, few enough to stay instant at a million events. */
const MAX_ITEMS = 200;
const DEBOUNCE_MS = 150;

interface EventItem extends vscode.QuickPickItem {
  eventId?: number;
}

export function registerSearchCommands(logs: LogSet, tree: EventsTree, panel: DetailPanel, lineage: SessionLineage): vscode.Disposable[] {
  const searchEvents = (initial: string, placeholder: string) => searchWithPick(logs, lineage, panel, initial, placeholder);
  return [
    vscode.commands.registerCommand('cloudtrailLens.searchEvents', (initial?: unknown) =>
      searchEvents(
        typeof initial === 'string' ? initial : '',
        'Search events: name:GetObject principal:alice error:* bucket:my-bucket after:2023-07-10 …',
      ),
    ),
    vscode.commands.registerCommand('cloudtrailLens.filterTree', async (query?: unknown) => {
      if (typeof query === 'string') return tree.setFilter(query);
      const text = await vscode.window.showInputBox({
        title: 'Filter the CloudTrail Events view',
        prompt:
          'Query: field:value terms (name, principal, key, bucket, error, level, identity, source, region, ip, after, before, …), -term negates, bare words search text.',
        value: tree.filter ?? '',
        placeHolder: 'level:object -error:* principal:alice',
        validateInput: (value) => queryProblem(value),
      });
      if (text !== undefined) tree.setFilter(text);
    }),
    vscode.commands.registerCommand('cloudtrailLens.clearFilter', () => tree.setFilter('')),
    vscode.commands.registerCommand('cloudtrailLens.goToEventById', async () => {
      const id = await vscode.window.showInputBox({
        title: 'Go to Event by ID',
        prompt: 'The eventID of a CloudTrail record (a UUID).',
        validateInput: (value) => (value.trim() === '' ? 'Enter an eventID.' : undefined),
      });
      if (!id) return;
      const result = logs.store.query(queryForValue('eventID', id.trim()));
      const ids = result.ok ? result.ids : new Uint32Array(0);
      if (ids.length === 0) void vscode.window.showInformationMessage(`No opened event has the eventID ${id.trim()}.`);
      else if (ids.length === 1) await panel.show(ids[0]);
      else await searchEvents(queryForValue('eventID', id.trim()), 'Several events share this eventID: choose one');
    }),
    vscode.commands.registerCommand('cloudtrailLens.findByAccessKey', () =>
      findByValue(searchEvents, 'accessKeyId', 'access key id', 'AKIA… or ASIA…'),
    ),
    vscode.commands.registerCommand('cloudtrailLens.findByPrincipal', () =>
      findByValue(searchEvents, 'principal', 'principal (ARN or name, any part of it)', 'arn:aws:iam::123456789012:user/alice'),
    ),
  ];
}

type Search = (initial: string, placeholder: string) => Promise<void>;

async function findByValue(searchEvents: Search, field: 'accessKeyId' | 'principal', what: string, placeHolder: string): Promise<void> {
  const value = await vscode.window.showInputBox({
    title: `Find Events by ${field === 'principal' ? 'Principal' : 'Access Key'}`,
    prompt: `The ${what}.`,
    placeHolder,
    validateInput: (text) => (text.trim() === '' ? `Enter the ${what}.` : undefined),
  });
  if (value) await searchEvents(queryForValue(field, value.trim()), `Events of ${value.trim()}`);
}

/** The live search QuickPick; resolves when it closes. Choosing an event opens the detail panel. */
function searchWithPick(logs: LogSet, lineage: SessionLineage, panel: DetailPanel, initial: string, placeholder: string): Promise<void> {
  const pick = vscode.window.createQuickPick<EventItem>();
  pick.title = 'CloudTrail: Search Events';
  pick.placeholder = placeholder;
  pick.matchOnDescription = false;
  pick.matchOnDetail = false;
  pick.value = initial;
  let timer: NodeJS.Timeout | undefined;
  const update = () => {
    const value = pick.value;
    pick.busy = true;
    void itemsFor(logs, lineage, value).then((items) => {
      // A later keystroke has its own update: only the latest value's items are shown.
      if (pick.value !== value) return;
      pick.items = items;
      pick.busy = false;
    });
  };
  return new Promise((resolve) => {
    const subscriptions = [
      pick.onDidChangeValue(() => {
        clearTimeout(timer);
        timer = setTimeout(update, DEBOUNCE_MS);
      }),
      pick.onDidAccept(() => {
        const chosen = pick.selectedItems[0];
        if (chosen?.eventId === undefined) return;
        pick.hide();
        void panel.show(chosen.eventId);
      }),
      pick.onDidHide(() => {
        clearTimeout(timer);
        for (const subscription of subscriptions) subscription.dispose();
        pick.dispose();
        resolve();
      }),
    ];
    update();
    pick.show();
  });
}

/** Items for a query: the first matches (alwaysShow, so the QuickPick's own fuzzy filter keeps them) and a hint. */
async function itemsFor(logs: LogSet, lineage: SessionLineage, query: string): Promise<EventItem[]> {
  if (logs.store.size === 0) return [{ label: '$(info) No CloudTrail logs are open', detail: 'Open log files or a folder first.', alwaysShow: true }];
  let derived: DerivedTerms | undefined;
  if (usesLineageTerms(query)) {
    await lineage.whenUpdated();
    derived = await lineageTerms(lineage.links, query);
  }
  const result = logs.store.query(query, derived);
  if (!result.ok) return [{ label: `$(error) ${result.error.message}`, detail: `In “${result.error.term}”`, alwaysShow: true }];
  // In time order, like the tree: the earliest matches first.
  const ids = logs.store.earliestByTime(result.ids, MAX_ITEMS);
  const items: EventItem[] = [];
  const shown = ids.length;
  for (let i = 0; i < shown; i++) {
    const summary = logs.store.summary(ids[i]);
    if (!summary) continue;
    items.push({
      eventId: ids[i],
      label: `${summary.errorCode ? '$(error)' : '$(symbol-event)'} ${eventNameLabel(summary.eventName, summary.apiOperation)}`,
      description: eventTimeLabel(summary.eventTime),
      detail: eventDescription(summary),
      alwaysShow: true,
    });
  }
  if (result.ids.length > shown) {
    items.push({
      label: `$(ellipsis) ${(result.ids.length - shown).toLocaleString('en-US')} more`,
      detail: 'Narrow the query to see them, or run Filter Tree… with it.',
      alwaysShow: true,
    });
  }
  if (result.ids.length === 0) items.push({ label: '$(search-stop) No event matches', alwaysShow: true });
  return items;
}

// Searches from the command palette, all in the engine's query language: a live QuickPick over every opened event,
// the tree's filter, and the shortcuts by event ID, access key and principal. A wrong query names the wrong term.
import * as vscode from 'vscode';
import type { DetailPanel } from './detailPanel';
import { lineageTerms, QUERY_FIELDS, usesLineageTerms, type DerivedTerms, formatCount } from './core';
import type { LogSet } from './logSet';
import type { NoiseLenses } from './noiseLenses';
import type { SessionLineage } from './sessionLineage';
import type { EventsTree } from './treeView';
import { eventDescription, eventNameLabel, eventTimeLabel } from './view/eventLabels';
import { queryForValue, queryProblem } from './view/query';
import { SEARCH_TITLE, searchTitle } from './view/searchTitle';

/** Items a search shows at once: enough to scan, few enough to stay instant at a million events. */
const MAX_ITEMS = 200;
const DEBOUNCE_MS = 150;

interface EventItem extends vscode.QuickPickItem {
  eventId?: number;
  /** The row that puts the query on the tree instead of opening one event. */
  filtersTree?: boolean;
  /** A row of the query syntax list: choosing it adds `<field>:` to the query. */
  field?: string;
}

const SYNTAX_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('question'), tooltip: 'Query syntax: the fields a query can use' };
const ATHENA_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('database'), tooltip: 'Copy this query as Athena SQL' };

/** What a search reads besides the store: session lineage for origin:/session:, the noise lenses, the tree to filter. */
interface SearchContext {
  logs: LogSet;
  lineage: SessionLineage;
  lenses: NoiseLenses;
  tree: EventsTree;
  panel: DetailPanel;
}

export function registerSearchCommands(context: SearchContext): vscode.Disposable[] {
  const { logs, tree, panel } = context;
  const searchEvents = (initial: string, placeholder: string) => searchWithPick(context, initial, placeholder);
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

/** The live search QuickPick; resolves when it closes. Choosing an event opens the detail panel; the first row of a cut list filters the tree. */
function searchWithPick(context: SearchContext, initial: string, placeholder: string): Promise<void> {
  const pick = vscode.window.createQuickPick<EventItem>();
  pick.title = SEARCH_TITLE;
  pick.placeholder = placeholder;
  pick.matchOnDescription = false;
  pick.matchOnDetail = false;
  pick.value = initial;
  pick.buttons = [ATHENA_BUTTON, SYNTAX_BUTTON];
  let timer: NodeJS.Timeout | undefined;
  const update = () => {
    const value = pick.value;
    pick.busy = true;
    void itemsFor(context, value).then(({ items, title }) => {
      // A later keystroke has its own update: only the latest value's items are shown.
      if (pick.value !== value) return;
      pick.items = items;
      pick.title = title;
      pick.busy = false;
    });
  };
  return new Promise((resolve) => {
    const subscriptions = [
      pick.onDidChangeValue(() => {
        clearTimeout(timer);
        timer = setTimeout(update, DEBOUNCE_MS);
      }),
      pick.onDidTriggerButton((button) => {
        if (button === ATHENA_BUTTON) {
          void vscode.commands.executeCommand('cloudtrailLens.copyAsAthenaSql', pick.value);
          return;
        }
        // The syntax as rows, in place of the results: the palette's title stays in sight.
        pick.items = syntaxItems();
        pick.title = `${SEARCH_TITLE} — query syntax: choose a field to add it`;
      }),
      pick.onDidAccept(() => {
        const chosen = pick.selectedItems[0];
        if (chosen?.field !== undefined) {
          pick.value = `${pick.value.trimEnd()} ${chosen.field}:`.trimStart();
          update();
          return;
        }
        if (chosen?.filtersTree) {
          pick.hide();
          void context.tree.setFilter(pick.value);
          return;
        }
        if (chosen?.eventId === undefined) return;
        pick.hide();
        void context.panel.show(chosen.eventId);
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

/** One row per query field with its help, then the operators. */
function syntaxItems(): EventItem[] {
  return [
    ...Object.entries(QUERY_FIELDS).map(([name, field]) => ({ field: name, label: `${name}:`, detail: field.help, alwaysShow: true })),
    {
      label: '$(info) Operators',
      detail: 'Terms are ANDed · -term negates · a,b either value · * wildcard · "quoted values" · bare words search the main fields',
      alwaysShow: true,
    },
  ];
}

/** Items for a query, with a title that says up front how many events match and how many are listed. */
async function itemsFor({ logs, lineage, lenses }: SearchContext, query: string): Promise<{ items: EventItem[]; title: string }> {
  if (logs.store.size === 0) {
    return {
      title: SEARCH_TITLE,
      items: [{ label: '$(info) No CloudTrail logs are open', detail: 'Open log files or a folder first.', alwaysShow: true }],
    };
  }
  let derived: DerivedTerms | undefined;
  if (usesLineageTerms(query)) {
    await lineage.whenUpdated();
    derived = await lineageTerms(lineage.links, query);
  }
  // The noise lenses the user turned on hide their events here as in the tree.
  const result = logs.store.query([query, lenses.terms].filter(Boolean).join(' '), derived, lenses.settings);
  if (!result.ok)
    return { title: SEARCH_TITLE, items: [{ label: `$(error) ${result.error.message}`, detail: `In “${result.error.term}”`, alwaysShow: true }] };
  // In time order, like the tree: the earliest matches first.
  const ids = logs.store.earliestByTime(result.ids, MAX_ITEMS);
  const matched = result.ids.length;
  const hidden = lenses.description;
  const title = searchTitle(matched, ids.length, hidden);
  const items: EventItem[] = [];
  if (matched > ids.length) {
    items.push({
      filtersTree: true,
      label: `$(list-filter) Filter the tree by this query: all ${formatCount(matched)} events`,
      detail: `Only the first ${formatCount(ids.length)} are listed below, earliest first.`,
      alwaysShow: true,
    });
  }
  for (const id of ids) {
    const summary = logs.store.summary(id);
    if (!summary) continue;
    items.push({
      eventId: id,
      label: `${summary.errorCode ? '$(error)' : '$(symbol-event)'} ${eventNameLabel(summary.eventName, summary.apiOperation)}`,
      description: eventTimeLabel(summary.eventTime),
      detail: eventDescription(summary),
      alwaysShow: true,
    });
  }
  if (matched === 0)
    items.push({ label: '$(search-stop) No event matches', detail: hidden ? `Noise lenses hide ${hidden}.` : undefined, alwaysShow: true });
  return { title, items };
}

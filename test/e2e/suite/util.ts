// Helpers of the in-host suite (runs inside VS Code's extension host; `vscode` is the real API).
import * as path from 'path';
import * as vscode from 'vscode';
import { cliStats, countOfDescription } from '../cliStats';

export const EXTENSION_ID = 'cloudtrail-lens.cloudtrail-lens';

/** The test API that activate() returns (docs/contracts.md): the store, the tree's data provider, the panel. */
export interface TestApi {
  store: any;
  tree: vscode.TreeDataProvider<unknown> & Record<string, any>;
  panel: any;
}

export async function api(): Promise<TestApi> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  const exported = (await ext.activate()) as TestApi | undefined;
  if (!exported || !exported.store || !exported.tree) throw new Error('activate() did not return the test API { store, tree, panel }');
  return exported;
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return folder.uri.fsPath;
}

export function fixture(...parts: string[]): string {
  return path.join(workspaceRoot(), ...parts);
}

export function labelOf(item: vscode.TreeItem): string {
  const l = item.label;
  return typeof l === 'string' ? l : l ? l.label : '';
}

export interface Row {
  node: unknown;
  label: string;
  description: string;
  count?: number;
  item: vscode.TreeItem;
}

/** Children of a tree node (top level when node is undefined), with their rendered labels and descriptions. */
export async function children(tree: TestApi['tree'], node?: unknown): Promise<Row[]> {
  const nodes = (await tree.getChildren(node)) || [];
  const rows: Row[] = [];
  for (const n of nodes) {
    const item = await tree.getTreeItem(n);
    const description = typeof item.description === 'string' ? item.description : '';
    rows.push({ node: n, label: labelOf(item), description, count: countOfDescription(description), item });
  }
  return rows;
}

/** Polls until `check` returns a truthy value (or throws its last error after `ms`). */
export async function until<T>(what: string, check: () => T | Promise<T>, ms = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? ': ' + String((last as Error).message || last) : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Best effort (a missing command fails its own test, not every test of the suite): no editors, no filter, no logs. */
export async function closeEverything(): Promise<void> {
  const ignore = () => undefined;
  await vscode.commands.executeCommand('workbench.action.closeAllEditors').then(undefined, ignore);
  await vscode.commands.executeCommand('cloudtrailLens.clearFilter').then(undefined, ignore);
  await vscode.commands.executeCommand('cloudtrailLens.closeAll').then(undefined, ignore);
}

export function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers || []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
}

/** Opens the sample log (s3-activity.json) and resolves to the API once the store holds all of its events. */
export async function loadSample(): Promise<TestApi> {
  const a = await api();
  const sample = fixture('s3-activity.json');
  await vscode.commands.executeCommand('cloudtrailLens.openPath', vscode.Uri.file(sample));
  const total = cliStats(sample).total;
  await until('the sample loaded', () => a.store.size === total);
  return a;
}

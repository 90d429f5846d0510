// The UI suite's view of VS Code: a fresh code-server per test, or per file for tests that share a window
// (sharedWindow), each with fresh user data and a private copy of the sample workspace; one chromium per file;
// helpers that act as a person would (command palette, quick open, explorer context menu, mouse hover, webview
// frames). A failed test leaves a screenshot and the browser's console in its run folder and prints their paths.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { after } from 'node:test';
import { Browser, BrowserContext, ConsoleMessage, Dialog, FrameLocator, Locator, Page } from 'playwright-core';
import { ROOT, WORKSPACE, newRunDir, startServer, stopAllServers, launchBrowser, workbenchUrl, Server } from '../harness';
import { countOfDescription } from '../cliStats';

export const SHOTS = path.join(ROOT, '.e2e-runs', 'screenshots');
/** `CTLENS_UPDATE_SCREENSHOTS=1`: the screenshots go to docs/ as well, taken in the dark theme docs/ shows. Any other
 *  run keeps the workbench's own theme: choosing one (ensureDarkTheme) takes a session 5–6 s of steps, though the suite
 *  took as long without them (the next step waits for the same extension host), and its picker flaked under load. */
const UPDATING_SCREENSHOTS = Boolean(process.env.CTLENS_UPDATE_SCREENSHOTS);
const VIEWPORT = { width: 1400, height: 900 };

let browserP: Promise<Browser> | undefined;
export function browser(): Promise<Browser> {
  return (browserP ??= launchBrowser());
}
/** End of a test file: the browser, and any server a broken test left running. */
export async function closeBrowser(): Promise<void> {
  if (browserP) await (await browserP).close().catch(() => undefined);
  browserP = undefined;
  await stopAllServers();
}

/** What the page reports that a test about hostile content must see none of. */
export interface Alarms {
  dialogs: string[];
  pwned: string[];
  csp: string[];
  pageErrors: string[];
}

export interface Session {
  server: Server;
  context: BrowserContext;
  page: Page;
  runDir: string;
  /** the private copy of test/fixtures/workspace this window opened */
  workspace: string;
  alarms: Alarms;
  console: string[];
  url: string;
}

/** Runs in every frame before its scripts (main page, webview outer and inner frames): a canary that payloads
 *  call, dialog traps and a CSP violation listener, all reporting through console lines the test collects. */
function hooks() {
  // (no DOM lib in this project's tsconfig: browser globals are reached through globalThis)
  const w = globalThis as any;
  const report = (kind: string, detail: string) => console.error(`CTLENS-${kind} ${detail} @ ${String(w.location.href).slice(0, 120)}`);
  Object.defineProperty(w, '__ctlensPwned', { value: (n: unknown) => report('PWNED', String(n)), configurable: false, writable: false });
  for (const name of ['alert', 'confirm', 'prompt']) {
    const orig = w[name];
    w[name] = (...a: unknown[]) => {
      report('DIALOG', `${name}(${a.map(String).join(',').slice(0, 80)})`);
      return orig ? orig.apply(w, a) : undefined;
    };
  }
  w.addEventListener(
    'securitypolicyviolation',
    (e: any) => report('CSP', `${e.violatedDirective} blocked=${e.blockedURI} sample=${String(e.sample || '').slice(0, 80)}`),
    true,
  );
}

export async function openSession(
  name: string,
  opts: { folder?: string; devPath?: boolean; runDir?: string; env?: Record<string, string> } = {},
): Promise<Session> {
  const runDir =
    opts.runDir ||
    newRunDir(
      'ui-' +
        name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .slice(0, 40),
    );
  const workspace = path.join(runDir, 'workspace');
  if (!fs.existsSync(workspace)) fs.cpSync(WORKSPACE, workspace, { recursive: true });
  const server = await startServer({ runDir, env: opts.env });
  let context: BrowserContext;
  try {
    context = await (await browser()).newContext({ viewport: VIEWPORT, colorScheme: 'dark' });
  } catch (e) {
    await server.stop();
    throw e;
  }
  await context.addInitScript(hooks);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const alarms: Alarms = { dialogs: [], pwned: [], csp: [], pageErrors: [] };
  const consoleLines: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    const text = m.text();
    consoleLines.push(`[${m.type()}] ${text}`);
    if (text.startsWith('CTLENS-PWNED')) alarms.pwned.push(text);
    else if (text.startsWith('CTLENS-DIALOG')) alarms.dialogs.push(text);
    else if (text.startsWith('CTLENS-CSP') || /Content Security Policy/.test(text)) alarms.csp.push(text);
  });
  page.on('dialog', (d: Dialog) => {
    alarms.dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => undefined);
  });
  page.on('pageerror', (e) => alarms.pageErrors.push(String(e.message)));
  const url = workbenchUrl(server, { folder: opts.folder || workspace, devPath: opts.devPath === false ? undefined : ROOT });
  const session: Session = { server, context, page, runDir, workspace, alarms, console: consoleLines, url };
  try {
    await page.goto(url);
    await page.locator('.monaco-workbench .part.activitybar').waitFor();
    if (UPDATING_SCREENSHOTS) await ensureDarkTheme(page);
  } catch (e) {
    await closeSession(session, e); // keeps the evidence and stops the server
    throw e;
  }
  return session;
}

/** VS Code 1.100's web workbench ignores `workbench.colorTheme` from the user settings in an extension development
 *  window (it starts on Light+). The screenshots in docs/ are dark, so pick the theme as a person would. The picker
 *  opened before the workbench knows its themes stays empty (measured: 15 s to dark when opened at once, against
 *  5–6 s after this wait): close it and ask again. */
export async function ensureDarkTheme(page: Page): Promise<void> {
  // the theme from the settings may still be on its way: give it a moment before choosing one by hand
  const dark = page.locator('.monaco-workbench.vs-dark').first();
  if (
    await dark.waitFor({ timeout: 3000 }).then(
      () => true,
      () => false,
    )
  )
    return;
  const picker = page.locator('.quick-input-widget input.input:not([aria-label^="Type the name of a command"])');
  const darkModern = page.locator('.quick-input-list .monaco-list-row[aria-label^="Dark Modern"]').first();
  for (let attempt = 0; ; attempt++) {
    try {
      await runCommand(page, 'Preferences: Color Theme');
      await picker.waitFor({ state: 'visible' });
      await picker.fill('Dark Modern');
      await darkModern.click();
      await dark.waitFor();
      break;
    } catch (e) {
      if (attempt === 2) throw e;
      await page.keyboard.press('Escape');
    }
  }
  await quickInput(page).waitFor({ state: 'hidden' });
}

/** What a failed test leaves in its run folder: a screenshot (`<label>.png`) and the browser's console. */
async function keepEvidence(s: Session, label: string): Promise<void> {
  const shot = path.join(s.runDir, `${label}.png`);
  await s.page.screenshot({ path: shot }).catch(() => undefined);
  fs.writeFileSync(path.join(s.runDir, 'browser-console.log'), s.console.join('\n') + '\n');
  console.log(`    failure screenshot: ${shot}\n    server log: ${s.server.log}\n    browser console: ${path.join(s.runDir, 'browser-console.log')}`);
}

export async function closeSession(s: Session, failed: unknown): Promise<void> {
  if (failed) await keepEvidence(s, 'failure');
  await s.context.close().catch(() => undefined);
  await s.server.stop();
}

/**
 * One window for the tests of a file that follow each other in it, each opening what it needs and none needing a
 * fresh store: a window costs 13–15 s on two cores before its first command answers (the workbench, then the
 * extension host), whatever the test does. The window opens with the first test that asks for it and closes after
 * the file; a failed test leaves `failure-<n>.png` from the moment it failed. Register it before `after(closeBrowser)`.
 */
export function sharedWindow(name: string): (body: (s: Session) => Promise<void>) => Promise<void> {
  let opened: Promise<Session> | undefined;
  let failures = 0;
  after(async () => {
    if (opened) await closeSession(await opened, undefined);
  });
  return async (body) => {
    const s = await (opened ??= openSession(name));
    try {
      await body(s);
    } catch (e) {
      await keepEvidence(s, `failure-${++failures}`);
      throw e;
    }
  };
}

/** Opens a session, runs the body, cleans up; on failure keeps the evidence (see closeSession). */
export async function withSession(name: string, opts: Parameters<typeof openSession>[1], body: (s: Session) => Promise<void>): Promise<void> {
  const s = await openSession(name, opts);
  let failed: unknown;
  try {
    await body(s);
  } catch (e) {
    failed = e;
    throw e;
  } finally {
    await closeSession(s, failed);
  }
}

export async function screenshot(s: Session, name: string): Promise<string> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await s.page.screenshot({ path: file });
  if (UPDATING_SCREENSHOTS) fs.copyFileSync(file, path.join(ROOT, 'docs', `${name}.png`));
  return file;
}

// ---- acting on the workbench ------------------------------------------------------------------------------------

/** F1, type the command's palette title, wait for it to be the selected row, Enter. */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  // the row whose accessible name is the title (alone, or followed by ", <keybinding>"): the first row may be a
  // longer command that merely contains the words
  const t = title.replace(/"/g, '\\"');
  const row = page.locator(`.quick-input-list .monaco-list-row[aria-label="${t}"], .quick-input-list .monaco-list-row[aria-label^="${t}, "]`).first();
  for (let attempt = 0; ; attempt++) {
    try {
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 3000 });
      await input.fill('>' + title, { timeout: 3000 });
      await row.click({ timeout: 5000 });
      return;
    } catch (e) {
      if (attempt === 4) throw e;
      // A focused webview (the detail panel) may keep F1 to itself, or take the focus back while it renders and
      // so close the palette: close what is open and give the focus back to the workbench, then again.
      await page.keyboard.press('Escape');
      await page
        .locator('.part.titlebar')
        .first()
        .click({ position: { x: 200, y: 10 } });
    }
  }
}

/** The quick input box (after a command asked for text or a pick). */
export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget input.input');
}
export function quickPickRows(page: Page): Locator {
  return page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
}

/** Ctrl+P, type a file name, open the match whose description is the given folder (relative) when given. */
export async function quickOpen(page: Page, relPath: string): Promise<void> {
  const base = path.basename(relPath);
  await page.keyboard.press('Control+P');
  const input = quickInput(page);
  await input.waitFor({ state: 'visible' });
  await input.fill(relPath);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: base }).first().waitFor();
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
  await page.locator('.tabs-container .tab.active', { hasText: base }).waitFor();
}

/**
 * Shows the CloudTrail view container and returns its sidebar. A load the user started brings the container forward
 * by itself, and clicking the icon of a container already shown hides it: so click, then look again, a few times.
 */
export async function showCloudTrail(page: Page): Promise<Locator> {
  const icon = page.locator('.activitybar .action-item a[aria-label^="CloudTrail"]');
  await icon.waitFor();
  const sidebar = page.locator('.part.sidebar');
  const title = sidebar.locator('.composite.title', { hasText: /CloudTrail/i });
  for (let attempt = 0; attempt < 4; attempt++) {
    if (await title.isVisible().catch(() => false)) return sidebar;
    // The icon's item, not the icon: a view badge (trails with warnings) sits over the icon and takes its clicks.
    await page.locator('.activitybar .action-item', { has: page.locator('a[aria-label^="CloudTrail"]') }).click();
    await title.waitFor({ timeout: 5000 }).catch(() => undefined);
  }
  await title.waitFor();
  return sidebar;
}

export async function showExplorer(page: Page): Promise<Locator> {
  await page.keyboard.press('Control+Shift+E');
  const view = page.locator('.explorer-folders-view');
  await view.waitFor();
  return view;
}

/** Right-click a file or folder of the explorer (top-level entries of the workspace) and choose a menu item. */
export async function explorerContextMenu(page: Page, name: string, item: string): Promise<void> {
  const view = await showExplorer(page);
  const row = view.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRe(name)}$`) }) }).first();
  await row.waitFor();
  const menuItem = page.locator('.context-view .monaco-menu .action-item', { hasText: item }).first();
  for (let attempt = 0; ; attempt++) {
    await row.click({ button: 'right' });
    try {
      await menuItem.waitFor({ timeout: 3000 });
      break;
    } catch (e) {
      if (attempt === 4) throw e;
      // A menu opened while the window still registers the extensions' contributions lacks their items: close it
      // and open it again, as a person would.
      await page.keyboard.press('Escape');
      await page.locator('.context-view .monaco-menu').waitFor({ state: 'detached' });
    }
  }
  // Monaco's menu ignores a mouse-up that follows its opening too closely (a quick click is dropped now and then):
  // point at the item so that it takes the focus, then choose it with Enter, as a keyboard user would.
  await menuItem.hover();
  await page.locator('.context-view .monaco-menu .action-item.focused', { hasText: item }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.context-view .monaco-menu').waitFor({ state: 'detached' });
}

export interface TreeRow {
  label: string;
  description: string;
  count?: number;
  level: number;
  expanded?: boolean;
}

/** The rendered rows of the Events tree, top to bottom. */
export async function treeRows(sidebar: Locator): Promise<TreeRow[]> {
  const rows: Omit<TreeRow, 'count'>[] = await sidebar.locator('.monaco-list[role="tree"] .monaco-list-row').evaluateAll((rows: any[]) =>
    rows.map((r) => ({
      label: r.querySelector('.label-name')?.innerText ?? '',
      description: r.querySelector('.label-description')?.innerText ?? '',
      level: Number(r.getAttribute('aria-level') || 0),
      expanded: r.getAttribute('aria-expanded') === null ? undefined : r.getAttribute('aria-expanded') === 'true',
    })),
  );
  return rows.map((row) => ({ ...row, count: countOfDescription(row.description) }));
}

/** The top-level group rows of the tree, by label. */
export async function groups(sidebar: Locator): Promise<Map<string, TreeRow>> {
  return new Map((await treeRows(sidebar)).filter((r) => r.level === 1).map((r) => [r.label, r]));
}

/** Polls `check` (assertion function) until it passes or the time is up, then throws its last error. */
export async function eventually<T>(check: () => Promise<T>, ms = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) {
        (e as Error).message = `after ${ms} ms waiting for ${what}: ${(e as Error).message}`;
        throw e;
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Hovers the first editor token with the given text, retrying while Monaco re-renders; returns the hover text.
 *  Bring its line into view first (goToLine). */
export async function goToLine(page: Page, line: number): Promise<void> {
  // focus the editor (mid-text: the top lines may sit under sticky-scroll headers)
  const box = (await page.locator('.editor-instance .monaco-editor .lines-content').first().boundingBox())!;
  const area = (await page.locator('.editor-instance .monaco-editor').first().boundingBox())!;
  await page.mouse.click(area.x + Math.min(area.width, box.width) / 2, area.y + area.height / 2);
  await page.keyboard.press('Control+G');
  await quickInput(page).waitFor({ state: 'visible' });
  await quickInput(page).fill(`:${line}`);
  await page.keyboard.press('Enter');
  await quickInput(page).waitFor({ state: 'hidden' });
}

export async function hoverToken(page: Page, token: string | RegExp, expect: RegExp, line?: string | RegExp): Promise<string> {
  const editor = page.locator('.editor-instance .monaco-editor').first();
  // the token's span, on the first rendered line that has `line` in it when given
  const lines = line === undefined ? editor.locator('.view-line') : editor.locator('.view-line', { hasText: line });
  const span = lines.locator('span span', { hasText: token }).first();
  await span.waitFor();
  const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').filter({ hasText: expect }).first();
  // a hover still open from an earlier token must not answer for this one
  const anyHover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content');
  await page.mouse.move(5, 5);
  await eventually(async () => assert.equal(await anyHover.count(), 0), 10_000, 'the previous hover to close');
  for (let i = 0; ; i++) {
    const box = await span.boundingBox();
    if (box) {
      await page.mouse.move(box.x + 2, box.y + box.height / 2);
      await page.mouse.move(box.x + Math.min(box.width / 2, 40), box.y + box.height / 2, { steps: 3 });
      try {
        await hover.waitFor({ timeout: 3000 });
        break;
      } catch (e) {
        if (i >= 6) {
          const seen = await page
            .locator('.monaco-hover:not(.hidden)')
            .allInnerTexts()
            .catch(() => []);
          throw new Error(`no hover matching ${expect} over ${token}; hovers seen: ${JSON.stringify(seen).slice(0, 800)}`);
        }
      }
    }
    await page.mouse.move(5, 5);
    await page.waitForTimeout(200); // let the previous hover close before moving in again
  }
  return hover.innerText();
}

/** The detail panel's content frame (webview outer iframe → #active-frame). */
export function panelFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

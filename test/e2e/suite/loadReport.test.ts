// In-host: every load ends with one line in the CloudTrail Lens log saying what it loaded, how long it took and how
// long the extension host's event loop was blocked meanwhile (issue 14). The numbers are checked for sense, not for
// speed: npm run bench:host measures the speed on a million events.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { cliStats } from '../cliStats';
import { api, closeEverything, fixture, until, workspaceRoot } from './util';

/** LogSet.lastLoad as the extension reports it (src/logSet.ts LoadReport). */
interface LoadReport {
  events: number;
  files: number;
  fromCache: number;
  seconds: number;
  maxDelayMs: number;
  p99DelayMs: number;
  line: string;
}

const LOAD_LINE =
  /^Loaded ([\d,]+) events from ([\d,]+) files?(?: \(([\d,]+) from the index cache\))? in (\d+\.\d) s; host event loop: max (\d+) ms, p99 (\d+) ms \((.+)\)$/;

/** The extension's log file: the run folder's user data (scripts/start-code-server.sh) holds the window's logs. */
function extensionLogText(): string {
  const logs = path.join(path.dirname(workspaceRoot()), 'user-data', 'logs');
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'CloudTrail Lens.log') found.push(full);
    }
  };
  if (fs.existsSync(logs)) walk(logs);
  return found.map((file) => fs.readFileSync(file, 'utf8')).join('\n');
}

suite('load report', () => {
  test('each load logs its events, files (those from the index cache), time and the host event loop delay (a delivery tree loaded three times)', async () => {
    await closeEverything();
    const a = await api();
    const logs = (a as unknown as { logs: { lastLoad?: LoadReport; flushCache(): Promise<void> } }).logs;
    const folder = fixture('AWSLogs');
    const stats = cliStats(folder);
    const files = (stats.raw as { files: number }).files;
    const reports: LoadReport[] = [];
    for (let round = 0; round < 3; round++) {
      const before = logs.lastLoad;
      await vscode.commands.executeCommand('cloudtrailLens.openPath', vscode.Uri.file(folder));
      const report = await until('the load report', () => (logs.lastLoad !== before ? logs.lastLoad : undefined));
      reports.push(report);
      // Loaded again, the files replace themselves: the store holds one load's records.
      assert.equal(a.store.size, stats.total);
      assert.equal(report.events, stats.total);
      assert.equal(report.files, files);
      assert.ok(report.seconds > 0 && report.seconds < 120, `seconds: ${report.seconds}`);
      assert.ok(report.p99DelayMs >= 0 && report.p99DelayMs <= report.maxDelayMs, `p99 ${report.p99DelayMs} ms, max ${report.maxDelayMs} ms`);
      assert.ok(report.maxDelayMs < report.seconds * 1000 + 1000, `max ${report.maxDelayMs} ms in a load of ${report.seconds} s`);
      const match = LOAD_LINE.exec(report.line);
      assert.ok(match, report.line);
      assert.equal(Number(match[1].replace(/,/g, '')), stats.total);
      assert.equal(Number(match[2].replace(/,/g, '')), files);
      assert.equal(Number((match[3] ?? '0').replace(/,/g, '')), report.fromCache);
      assert.equal(match[7], folder);
      // The first load's files went into the index cache: the next loads read none of them again, and say so.
      if (round > 0) assert.equal(report.fromCache, files, report.line);
      await logs.flushCache();
    }
    await until('three load lines in the extension log', () => reports.every((report) => extensionLogText().includes(report.line)));
    await closeEverything();
  });

  test('Clear Index Cache empties it: the next load reads every file again, and writes their entries back', async () => {
    await closeEverything();
    const a = await api();
    const logs = (a as unknown as { logs: { lastLoad?: LoadReport; flushCache(): Promise<void> } }).logs;
    const folder = fixture('AWSLogs');
    const files = (cliStats(folder).raw as { files: number }).files;
    const load = async () => {
      const before = logs.lastLoad;
      await vscode.commands.executeCommand('cloudtrailLens.openPath', vscode.Uri.file(folder));
      const report = await until('the load report', () => (logs.lastLoad !== before ? logs.lastLoad : undefined));
      await logs.flushCache();
      return report;
    };
    await load();
    const removed = await vscode.commands.executeCommand<{ entries: number; bytes: number; folder: string }>('cloudtrailLens.clearIndexCache');
    // One entry per file, and one for the whole load.
    assert.ok(removed.entries >= files, `${removed.entries} entries removed for ${files} files`);
    assert.ok(removed.bytes > 0);
    assert.deepEqual(
      fs.readdirSync(removed.folder).filter((name) => /\.(ctidx|ctset)$/.test(name)),
      [],
    );
    assert.equal((await load()).fromCache, 0, 'nothing read from the cleared cache');
    assert.equal((await load()).fromCache, files, 'the cold load wrote the entries again');
    const line = `Index cache: removed ${removed.entries} entries`;
    await until('the clear in the extension log', () => extensionLogText().includes(line));
    await closeEverything();
  });
});

// In-host suite: Copy as Athena SQL, Copy as CloudTrail Lake SQL and Open SQL in Editor, called as the Events view
// calls them (no argument from its title, a group from a row's menu). The query each SQL was written from (its first
// comment line) is given to `ctlens stats`: it must count what the tree's row counts.
import { strict as assert } from 'assert';
import * as vscode from 'vscode';
import { cliStats, groupCount } from '../cliStats';
import { children, closeEverything, fixture, until, loadSample } from './util';

const SAMPLE = () => fixture('s3-activity.json');

/** The query toSql wrote the SQL from: its first comment line. */
function queryOf(sql: string): string {
  const line = sql.split('\n').find((text) => text.startsWith('-- CloudTrail Lens query: '));
  assert.ok(line, sql.slice(0, 200));
  return line.slice('-- CloudTrail Lens query: '.length);
}

suite('SQL from the Events view', () => {
  setup(closeEverything);

  test('Copy as Athena SQL from the view’s title: the filter, grouped as the tree groups, on the clipboard', async () => {
    const { tree } = await loadSample();
    await tree.setFilter('source:s3 -error:*');
    const result: any = await vscode.commands.executeCommand('cloudtrailLens.copyAsAthenaSql');
    assert.ok(result?.ok, JSON.stringify(result));
    assert.equal(await vscode.env.clipboard.readText(), result.sql);
    assert.equal(queryOf(result.sql), 'source:s3 -error:*');
    assert.match(result.sql, /^-- dialect: athena$/m);
    assert.match(result.sql, /GROUP BY/i, 'the tree groups by S3 level');
  });

  test('Copy as CloudTrail Lake SQL on each group of the tree: its query counts what the row counts', async () => {
    const { tree } = await loadSample();
    await tree.setFilter('-readonly:true');
    const rows = (await children(tree)).filter((row) => row.label !== 'Problems');
    assert.ok(rows.length >= 2);
    const subgroups = await children(tree, rows[0].node);
    for (const row of [...rows, subgroups[0]]) {
      const result: any = await vscode.commands.executeCommand('cloudtrailLens.copyAsLakeSql', row.node);
      assert.ok(result?.ok, JSON.stringify(result));
      assert.equal(await vscode.env.clipboard.readText(), result.sql);
      assert.match(result.sql, /FROM <event-data-store-id>/);
      const query = queryOf(result.sql);
      assert.ok(query.startsWith('-readonly:true '), query);
      assert.equal(cliStats(SAMPLE(), query).total, groupCount(row.description), `${row.label}: ${query}`);
    }
  });

  test('Open SQL in Editor opens an untitled sql document with the SQL of the chosen dialect', async () => {
    await loadSample();
    const result: any = await vscode.commands.executeCommand('cloudtrailLens.openSqlInEditor', 'name:GetObject', 'duckdb');
    assert.ok(result?.ok, JSON.stringify(result));
    const editor = await until('the SQL editor', () => vscode.window.activeTextEditor);
    assert.equal(editor.document.languageId, 'sql');
    assert.equal(editor.document.isUntitled, true);
    assert.equal(editor.document.getText(), result.sql);
    assert.equal(queryOf(result.sql), 'name:GetObject');
    assert.match(result.sql, /^-- dialect: duckdb$/m);
  });

  test('a query that does not parse gives no SQL and leaves the clipboard alone', async () => {
    await loadSample();
    await vscode.env.clipboard.writeText('before');
    const result: any = await vscode.commands.executeCommand('cloudtrailLens.copyAsAthenaSql', 'nme:GetObject');
    assert.equal(result?.ok, false);
    assert.equal(await vscode.env.clipboard.readText(), 'before');
  });
});

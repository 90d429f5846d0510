// Copy as Athena SQL, Copy as CloudTrail Lake SQL and Open SQL in Editor: the Events view's filter (grouped as the
// tree groups, from the view's title), one group of the tree, or a query given by another command (the search
// palette's), translated by the core's toSql. What a dialect cannot say exactly is named to the user, as it is in
// the SQL's `-- approximations:` comment.
import * as vscode from 'vscode';
import { toSql, type SqlDialect, type SqlResult } from './core';
import type { NoiseLenses } from './noiseLenses';
import type { EventsTree } from './treeView';
import type { GroupNode, TreeNode } from './view/eventTree';
import { sqlTargetOfFilter, sqlTargetOfGroup, sqlTargetOfTree, type SqlTarget } from './view/sqlTarget';

/** Each dialect as the user reads it. */
const DIALECT_TEXT: Readonly<Record<SqlDialect, { name: string; detail: string }>> = {
  athena: { name: 'Athena', detail: 'Amazon Athena (Trino) over the trail’s bucket, on the table of `ctlens athena-table`' },
  lake: { name: 'CloudTrail Lake', detail: 'CloudTrail Lake: put your event data store ID in FROM' },
  duckdb: { name: 'DuckDB', detail: 'DuckDB on this machine, over the log files loaded into the Athena table’s shape' },
};

/** What a command may receive: a tree group (its context menu), a query (another command), or nothing (the view's title, the palette). */
type SqlArgument = TreeNode | string | undefined;

export function registerSqlCommands(tree: EventsTree, lenses: NoiseLenses, output: vscode.LogOutputChannel): vscode.Disposable[] {
  /** The tree's filter with the terms of the noise lenses hiding events, so the SQL selects the events the tree shows. */
  const treeFilter = () => [tree.filter, lenses.terms].filter(Boolean).join(' ');
  const targetOf = (argument: SqlArgument): SqlTarget | undefined => {
    if (typeof argument === 'string') return sqlTargetOfFilter(argument);
    if (argument?.kind === 'group') {
      const topGroups = tree.topNodes().filter((node): node is GroupNode => node.kind === 'group');
      return sqlTargetOfGroup(treeFilter(), argument, tree.getParent(argument) as GroupNode | undefined, topGroups);
    }
    return sqlTargetOfTree(treeFilter(), tree.groupBy);
  };
  const translate = (dialect: SqlDialect, argument: SqlArgument): SqlResult | undefined => {
    const target = targetOf(argument);
    if (target === undefined) {
      void vscode.window.showErrorMessage('This row of the Events view cannot be written as SQL: choose a group.');
      return undefined;
    }
    const result = toSql(target.query, { dialect, groupBy: target.groupBy, monitoringPrincipals: lenses.settings.monitoringPrincipals });
    if (!result.ok) {
      const where = result.error.term ? ` (in “${result.error.term}”)` : '';
      void vscode.window.showErrorMessage(`No ${DIALECT_TEXT[dialect].name} SQL: ${result.error.message}${where}`);
      return result;
    }
    output.info(`${DIALECT_TEXT[dialect].name} SQL of “${target.query}”${target.groupBy ? ` grouped by ${target.groupBy}` : ''}`);
    if (target.ungrouped) output.info(`Not grouped: ${target.ungrouped}.`);
    return result;
  };
  const copy = (dialect: SqlDialect) => async (argument?: SqlArgument) => {
    const result = translate(dialect, argument);
    if (!result?.ok) return result;
    await vscode.env.clipboard.writeText(result.sql);
    void vscode.window.showInformationMessage(`Copied ${DIALECT_TEXT[dialect].name} SQL${approximationsText(result.approximations)}`);
    return result;
  };
  return [
    vscode.commands.registerCommand('cloudtrailLens.copyAsAthenaSql', copy('athena')),
    vscode.commands.registerCommand('cloudtrailLens.copyAsLakeSql', copy('lake')),
    vscode.commands.registerCommand('cloudtrailLens.openSqlInEditor', async (argument?: SqlArgument, dialect?: unknown) => {
      const chosen = isSqlDialect(dialect) ? dialect : await pickDialect();
      if (chosen === undefined) return undefined;
      const result = translate(chosen, argument);
      if (!result?.ok) return result;
      const document = await vscode.workspace.openTextDocument({ language: 'sql', content: result.sql });
      await vscode.window.showTextDocument(document);
      // Said aloud too: the editor shows the SQL, the message what it approximates.
      void vscode.window.showInformationMessage(`Opened ${DIALECT_TEXT[chosen].name} SQL${approximationsText(result.approximations)}`);
      return result;
    }),
  ];
}

function isSqlDialect(value: unknown): value is SqlDialect {
  return typeof value === 'string' && Object.hasOwn(DIALECT_TEXT, value);
}

async function pickDialect(): Promise<SqlDialect | undefined> {
  const picked = await vscode.window.showQuickPick(
    Object.entries(DIALECT_TEXT).map(([dialect, text]) => ({ label: text.name, detail: text.detail, dialect: dialect as SqlDialect })),
    { title: 'Open SQL in Editor', placeHolder: 'Which SQL engine will run the query?' },
  );
  return picked?.dialect;
}

/** " (2 approximations: a; b)", or "." when the SQL means exactly what the query does. */
function approximationsText(approximations: readonly string[]): string {
  if (approximations.length === 0) return '.';
  return ` (${approximations.length} ${approximations.length === 1 ? 'approximation' : 'approximations'}: ${approximations.join('; ')})`;
}

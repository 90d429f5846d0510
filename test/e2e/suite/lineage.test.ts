// In-host suite: session lineage on the real chains of the invictus-ir lab (test/fixtures/workspace/lineage/): the
// detail panel's Session lineage section names the IAM user behind a role session, its hop opens the issuing
// AssumeRole, the section re-renders when the log holding the AssumeRole is opened, and the accessKeyId hover names
// the key's origin.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { api, closeEverything, fixture, hoverText, until } from './util';

const CHAINS = () => fixture('lineage', 'invictus-ir-chains.json');
const ASSUME_ROLE = 'bbe86c7c-5981-4ac8-ad20-9248612b16c1';
const GET_PASSWORD_DATA = 'fbd91225-39aa-4c00-822c-9f0b96e7758f';
const MINTED_KEY = 'ASIATFQR7NSCWLLE7IWW';
const ORIGIN = 'IAM user bert-jan of 123837392027, with long-term key AKIATFQR7NSC8Q4X20BJ';

/** Opens logs and resolves to the store id of the event with this eventID once the session links include them. */
async function open(a: any, files: string[], eventID: string): Promise<number> {
  await vscode.commands.executeCommand(
    'cloudtrailLens.openPath',
    vscode.Uri.file(files[0] as string),
    files.map((file) => vscode.Uri.file(file)),
  );
  // Wrapped: an id may be 0, which `until` would take for "not yet".
  const { id } = await until(`event ${eventID} loaded`, () => {
    const found = a.store.findByEventId(eventID);
    return found === undefined ? undefined : { id: found as number };
  });
  await a.lineage.whenUpdated();
  return id;
}

async function shownLineage(a: any, id: number, what: string, check: (lineage: any) => boolean = () => true): Promise<any> {
  return until(
    what,
    () => a.panel.current?.id === id && a.panel.current.view.lineage && check(a.panel.current.view.lineage) && a.panel.current.view.lineage,
  );
}

suite('session lineage', () => {
  setup(closeEverything);

  test('the panel of an event at the end of a real chain names the IAM user at its origin; its hop opens the AssumeRole', async () => {
    const a = (await api()) as any;
    const id = await open(a, [CHAINS()], GET_PASSWORD_DATA);
    await vscode.commands.executeCommand('cloudtrailLens.showEvent', id);
    const lineage = await shownLineage(a, id, 'the lineage section of GetPasswordData');
    assert.ok(lineage.sentence.startsWith(`${ORIGIN}, assumed role stratus-red-team-ec2-get-password-data-role`), lineage.sentence);
    assert.equal(lineage.complete, true);
    assert.equal(lineage.hops.length, 1);
    const issuer = a.store.findByEventId(ASSUME_ROLE);
    assert.equal(lineage.hops[0].issuerId, issuer);

    // What the webview sends when the hop's button is pressed: the panel shows the issuing event.
    a.panel.receive({ type: 'showLineageEvent', id: lineage.hops[0].issuerId });
    await until('the AssumeRole in the panel', () => a.panel.current?.id === issuer && a.panel.current.view.eventName === 'AssumeRole');
    // An id the shown chain does not name is refused: the panel stays on the AssumeRole.
    a.panel.receive({ type: 'showLineageEvent', id });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(a.panel.current?.id, issuer);
  });

  test('the section says where the chain breaks, and re-renders complete when the log holding the AssumeRole is opened', async () => {
    const a = (await api()) as any;
    const records = JSON.parse(fs.readFileSync(CHAINS(), 'utf8')).Records as any[];
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ctlens-lineage-'));
    const write = (name: string, eventID: string) => {
      const file = path.join(folder, name);
      fs.writeFileSync(file, JSON.stringify({ Records: records.filter((record) => record.eventID === eventID) }, null, 2));
      return file;
    };
    const usedIn = write('session.json', GET_PASSWORD_DATA);
    const issuedIn = write('issuer.json', ASSUME_ROLE);
    try {
      const id = await open(a, [usedIn], GET_PASSWORD_DATA);
      await vscode.commands.executeCommand('cloudtrailLens.showEvent', id);
      const broken = await shownLineage(a, id, 'a broken chain', (lineage) => lineage.complete === false);
      assert.equal(broken.hops.length, 0);
      assert.match(broken.missing.sentence, new RegExp(`look for AssumeRole.*whose response holds ${MINTED_KEY}`));

      await vscode.commands.executeCommand('cloudtrailLens.openPath', vscode.Uri.file(issuedIn));
      const complete = await shownLineage(a, id, 'the chain completed by the second log', (lineage) => lineage.complete === true);
      assert.ok(complete.sentence.startsWith(ORIGIN), complete.sentence);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  test('the hover on an accessKeyId names the call that issued it and the origin', async () => {
    const a = (await api()) as any;
    await open(a, [CHAINS()], GET_PASSWORD_DATA);
    const doc = await vscode.workspace.openTextDocument(CHAINS());
    await vscode.window.showTextDocument(doc);
    const text = doc.getText();
    // The hover escapes every punctuation character of its text (src/view/markdown.ts): read it unescaped.
    const hoverAt = async (offset: number) =>
      hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(offset + 3))).replace(
        /\\(.)/g,
        '$1',
      );
    const expected = `Issued by AssumeRole at 2023-07-10T11:54:47Z to role stratus-red-team-ec2-get-password-data-role`;
    // The key in the AssumeRole's response, then the same key in GetPasswordData's userIdentity.
    const inResponse = text.indexOf(`"${MINTED_KEY}"`);
    const inIdentity = text.indexOf(`"${MINTED_KEY}"`, inResponse + 1);
    assert.ok(inResponse > 0 && inIdentity > inResponse);
    for (const offset of [inResponse, inIdentity]) {
      const hover = await until(`a lineage line in the hover at ${offset}`, async () => {
        const shown = await hoverAt(offset);
        return shown.includes('Issued by') ? shown : undefined;
      });
      assert.ok(hover.includes(expected), hover);
      assert.ok(hover.includes(`origin: ${ORIGIN}.`), hover);
    }
  });

  test('the hover on the eventName of an AssumeRole says what it did: the role, the session and the key it issued', async () => {
    const a = (await api()) as any;
    await open(a, [CHAINS()], ASSUME_ROLE);
    const doc = await vscode.workspace.openTextDocument(CHAINS());
    await vscode.window.showTextDocument(doc);
    const text = doc.getText();
    const at = text.indexOf('"AssumeRole"', text.indexOf(ASSUME_ROLE) > 0 ? text.lastIndexOf('"eventName"', text.indexOf(ASSUME_ROLE)) : 0);
    assert.ok(at > 0);
    const hover = await until('the eventName hover', async () => {
      const shown = hoverText(
        await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(at + 3)),
      ).replace(/\\(.)/g, '$1');
      return shown.includes('Assumed') ? shown : undefined;
    });
    assert.match(
      hover,
      new RegExp(`Assumed arn:aws:iam::123837392027:role/stratus-red-team-ec2-get-password-data-role as session .*: issued key ${MINTED_KEY}`),
    );
  });

  test('grouped by origin principal, the role session sits under the IAM user; Show Activity of These Credentials on the AssumeRole filters the tree to what the minted key did', async () => {
    const a = await api();
    await closeEverything();
    const id = await open(a, [CHAINS()], ASSUME_ROLE);
    a.tree.setGrouping('origin');
    try {
      const groups = await until('origin groups', async () => {
        const roots = (await a.tree.getChildren()) as any[];
        // A group keeps the principal it groups by; its row names the user ('bert-jan') to fit the sidebar.
        return roots.some((node) => node.value === 'arn:aws:iam::123837392027:user/bert-jan') ? roots : undefined;
      });
      const bertJan = groups.find((node) => node.value === 'arn:aws:iam::123837392027:user/bert-jan');
      const nameGroups = (await a.tree.getChildren(bertJan)) as any[];
      const names = nameGroups.map((node) => node.label);
      assert.ok(names.includes('GetPasswordData'), `the role session's call is under bert-jan: ${names.join(', ')}`);
      const [assumeRoleRow] = (await a.tree.getChildren(nameGroups.find((node) => node.label === 'AssumeRole'))) as any[];
      assert.equal((await a.tree.getTreeItem(assumeRoleRow)).contextValue, 'event.issuing', 'the AssumeRole row offers Show Activity');
      await vscode.commands.executeCommand('cloudtrailLens.showCredentialActivity', id);
      await until('the tree filtered to the session', () => a.tree.filter === `session:"${ASSUME_ROLE}"` && a.tree.visibleIds.length === 1);
      assert.equal(a.store.summary(a.tree.visibleIds[0]).eventID, GET_PASSWORD_DATA);
    } finally {
      await a.tree.setFilter('');
      a.tree.setGrouping('level');
      await closeEverything();
    }
  });
});

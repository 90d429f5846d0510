// The noise lenses the user turned on (kept per workspace): the tree, the overview and searches hide the events they
// mark, through the query terms of core/noise (`-noise:service`…). The Noise Lenses… command toggles them and says
// how many events each hides.
import * as vscode from 'vscode';
import { lensTerms, NOISE_LENS_NAMES, NOISE_LENSES, type LensSettings, type NoiseLens, formatCount } from './core';
import type { LogSet } from './logSet';
import { hiddenLensesText } from './view/noiseLensWords';

const STATE_KEY = 'cloudtrailLens.noiseLenses';
const MONITORING_SETTING = 'monitoringPrincipals';

interface LensItem extends vscode.QuickPickItem {
  lens: NoiseLens;
}

export class NoiseLenses implements vscode.Disposable {
  private enabledLenses: NoiseLens[];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a lens is turned on or off, or the monitoring patterns change. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly state: vscode.Memento,
    private readonly logs: LogSet,
  ) {
    const saved = state.get<unknown>(STATE_KEY);
    this.enabledLenses = Array.isArray(saved) ? NOISE_LENS_NAMES.filter((lens) => saved.includes(lens)) : [];
    this.disposables.push(
      vscode.commands.registerCommand('cloudtrailLens.noiseLenses', () => this.pick()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`cloudtrailLens.${MONITORING_SETTING}`)) this.changed.fire();
      }),
    );
    this.updateContext();
  }

  get enabled(): readonly NoiseLens[] {
    return this.enabledLenses;
  }

  /** The patterns of the monitoring lens, from the setting. */
  get settings(): LensSettings {
    const patterns = vscode.workspace.getConfiguration('cloudtrailLens').get<unknown>(MONITORING_SETTING);
    return {
      monitoringPrincipals: Array.isArray(patterns)
        ? patterns.filter((pattern): pattern is string => typeof pattern === 'string' && pattern.trim() !== '')
        : [],
    };
  }

  /** The query terms that hide the enabled lenses ('' when none is on). */
  get terms(): string {
    return lensTerms(this.enabledLenses);
  }

  /** "calls by AWS services, CloudTrail's delivery", or undefined when no lens is on. */
  get description(): string | undefined {
    return hiddenLensesText(this.enabledLenses);
  }

  async set(lenses: readonly NoiseLens[]): Promise<void> {
    this.enabledLenses = NOISE_LENS_NAMES.filter((lens) => lenses.includes(lens));
    await this.state.update(STATE_KEY, this.enabledLenses);
    this.updateContext();
    this.changed.fire();
  }

  /** How many of the loaded events each lens marks. */
  private counts(): Map<NoiseLens, number> {
    const counts = new Map<NoiseLens, number>();
    for (const lens of NOISE_LENS_NAMES) {
      const result = this.logs.store.query(`noise:${lens}`, undefined, this.settings);
      counts.set(lens, result.ok ? this.logs.store.countCopies(result.ids).uniqueEvents : 0);
    }
    return counts;
  }

  private async pick(): Promise<void> {
    const counts = this.counts();
    const loaded = this.logs.store.countCopies(this.logs.store.allIds()).uniqueEvents;
    const monitoringSet = this.settings.monitoringPrincipals.length > 0;
    const items: LensItem[] = NOISE_LENS_NAMES.map((lens) => ({
      lens,
      label: NOISE_LENSES[lens].title,
      description:
        lens === 'monitoring' && !monitoringSet
          ? 'set cloudtrailLens.monitoringPrincipals first'
          : `hides ${formatCount(counts.get(lens) ?? 0)} of ${formatCount(loaded)} events`,
      detail: NOISE_LENSES[lens].description,
      picked: this.enabledLenses.includes(lens),
    }));
    const chosen = await vscode.window.showQuickPick(items, {
      title: 'CloudTrail: Noise Lenses',
      placeHolder: 'Check the kinds of events to hide from the tree, the overview and searches (query terms noise:service, noise:delivery…)',
      canPickMany: true,
    });
    if (chosen !== undefined) await this.set(chosen.map((item) => item.lens));
  }

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', 'cloudtrailLens.noiseHidden', this.enabledLenses.length > 0);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

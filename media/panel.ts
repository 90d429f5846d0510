// The event detail panel, running inside the webview. It draws what the extension computed (an EventView) with
// lit templates: every value is bound as text, never as HTML, because every string of a record may come from an
// attacker. It only talks to the extension through the typed messages of src/view/messages.ts.
import { html, nothing, render, type TemplateResult } from 'lit';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-tree/index.js';
import '@vscode-elements/elements/dist/vscode-tree-item/index.js';
import {
  isExtensionToPanel,
  type EventView,
  type ExplanationView,
  type FieldView,
  type IntegrityStatus,
  type IntegrityView,
  type JsonNodeView,
  type LineageHopView,
  type LineageView,
  type PanelAction,
  type PanelState,
  type PanelToExtension,
  type SectionId,
  type TrailView,
} from '../src/view/messages';

interface VsCodeApi {
  postMessage(message: PanelToExtension): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;

function post(message: PanelToExtension): void {
  vscode.postMessage(message);
}

function fields(list: FieldView[]): TemplateResult | typeof nothing {
  if (list.length === 0) return nothing;
  return html`<dl class="fields">
    ${list.map(
      (field) =>
        html`<dt>${field.label}</dt>
          <dd><span class="value">${field.value}</span>${field.note ? html` <span class="note">${field.note}</span>` : nothing}</dd>`,
    )}
  </dl>`;
}

/** The explanation tree as nested lists: its sentences are long and must wrap, which tree rows cannot. */
function explanationItem(node: ExplanationView): TemplateResult {
  const icon = node.passed === undefined ? 'info' : node.passed ? 'pass' : 'circle-slash';
  const outcome = node.passed === undefined ? 'neutral' : node.passed ? 'matched' : 'not-matched';
  return html`<li class=${outcome}>
    <vscode-icon name=${icon}></vscode-icon>
    <span>${node.label}</span>
    ${node.detail ? html`<div class="note detail">${node.detail}</div>` : nothing}
    ${
      node.children.length
        ? html`<ul class="explanation">
            ${node.children.map(explanationItem)}
          </ul>`
        : nothing
    }
  </li>`;
}

/** Icon, class and badge of each verdict; null: the logs do not tell. */
const VERDICT_LOOKS: Readonly<Record<string, { icon: string; className: string; badge: string }>> = {
  true: { icon: 'pass-filled', className: 'logged', badge: 'logged' },
  false: { icon: 'circle-slash', className: 'not-logged', badge: 'not logged' },
  null: { icon: 'question', className: 'unknown', badge: 'unknown' },
};

function trailVerdict(trail: TrailView, isDefault: boolean): TemplateResult {
  const looks = VERDICT_LOOKS[String(trail.logged)];
  return html`<div class="trail" data-testid="trail-verdict" data-trail=${trail.name} data-logged=${String(trail.logged)}>
    <div class="trail-head">
      <vscode-icon name=${looks.icon} class=${looks.className}></vscode-icon>
      <strong>${trail.name}</strong>
      <vscode-badge>${looks.badge}</vscode-badge>
    </div>
    ${isDefault ? nothing : html`<div class="note">${trail.file ?? 'rebuilt from the logs'}</div>`}
    ${
      trail.reasons.length
        ? html`<ul class="reasons">
            ${trail.reasons.map((reason) => html`<li>${reason}</li>`)}
          </ul>`
        : nothing
    }
    <ul class="explanation root">
      ${explanationItem(trail.tree)}
    </ul>
  </div>`;
}

/** Codicon and class of each integrity status of the event's log file. */
const INTEGRITY_LOOKS: Readonly<Record<IntegrityStatus, { icon: string; className: string }>> = {
  valid: { icon: 'verified', className: 'integrity-valid' },
  modified: { icon: 'error', className: 'integrity-modified' },
  'not-covered': { icon: 'question', className: 'integrity-unknown' },
  unreadable: { icon: 'warning', className: 'integrity-unknown' },
  'not-validated': { icon: 'unverified', className: 'integrity-none' },
};

function integrityLine(integrity: IntegrityView | undefined): TemplateResult | typeof nothing {
  if (!integrity) return nothing;
  const looks = INTEGRITY_LOOKS[integrity.status];
  return html`<div class="integrity ${looks.className}" data-testid="event-integrity" data-status=${integrity.status}>
    <p><vscode-icon name=${looks.icon}></vscode-icon> ${integrity.sentence}</p>
    ${
      integrity.reasons.length
        ? html`<ul class="reasons">
            ${integrity.reasons.map((reason) => html`<li>${reason}</li>`)}
          </ul>`
        : nothing
    }
  </div>`;
}

function openEventButton(id: number, label: string): TemplateResult {
  return html`<vscode-button secondary icon="go-to-file" @click=${() => post({ type: 'showLineageEvent', id })}>${label}</vscode-button>`;
}

function lineageHop(hop: LineageHopView): TemplateResult {
  return html`<li class="lineage-hop" data-testid="lineage-hop" data-event-name=${hop.eventName} data-weak=${String(hop.weakMatch)}>
    <div class="hop-head">
      <vscode-icon name=${hop.weakMatch ? 'link' : 'key'} class=${hop.weakMatch ? 'weak-match' : 'key-match'}></vscode-icon>
      <strong>${hop.heading}</strong>
      ${hop.crossAccount ? html`<vscode-badge class="cross-account">cross-account</vscode-badge>` : nothing}
      ${hop.weakMatch ? html`<vscode-badge class="weak-match">matched by session (weaker)</vscode-badge>` : nothing}
      ${openEventButton(hop.issuerId, `Open ${hop.eventName}`)}
    </div>
    <p>${hop.sentence}</p>
    ${fields(hop.fields)}
  </li>`;
}

/** Who is really behind the event: the origin first, then each issuing event down to this one, then where the chain breaks. */
function lineageSection(lineage: LineageView | undefined): TemplateResult | typeof nothing {
  if (!lineage) return nothing;
  const hops =
    lineage.hops.length === 0 ? 'no issuing event' : lineage.hops.length === 1 ? '1 issuing event' : `${lineage.hops.length} issuing events`;
  return html`<vscode-collapsible
    heading="Session lineage"
    description=${lineage.complete ? hops : `${hops}, chain breaks`}
    open
    data-section="lineage"
    data-testid="session-lineage"
    data-origin=${lineage.originKind}
    data-complete=${String(lineage.complete)}
  >
    <p class="sentence" data-testid="lineage-sentence"><vscode-icon name="type-hierarchy"></vscode-icon> ${lineage.sentence}</p>
    <h3><vscode-icon name=${lineage.complete ? 'account' : 'question'}></vscode-icon> Origin</h3>
    ${fields(lineage.origin)}
    ${
      lineage.keyCreatedBy
        ? html`<p class="key-created">${lineage.keyCreatedBy.sentence} ${openEventButton(lineage.keyCreatedBy.issuerId, 'Open CreateAccessKey')}</p>`
        : nothing
    }
    ${
      lineage.hops.length
        ? html`<h3><vscode-icon name="arrow-down"></vscode-icon> Issuing events, from the origin down to this event</h3>
            <ol class="lineage-hops">
              ${lineage.hops.map(lineageHop)}
            </ol>`
        : nothing
    }
    ${
      lineage.missing
        ? html`<div class="lineage-break" data-testid="lineage-break">
            <h3><vscode-icon name="debug-disconnect"></vscode-icon> Where the chain breaks</h3>
            <p>${lineage.missing.sentence}</p>
            ${fields(lineage.missing.fields)}
          </div>`
        : nothing
    }
  </vscode-collapsible>`;
}

function jsonItem(node: JsonNodeView, depth: number): TemplateResult {
  const children = node.children ?? [];
  return html`<vscode-tree-item ?branch=${node.children !== undefined} ?open=${depth < 2}>
    <span class="json-key">${node.key}</span>
    ${node.value !== undefined ? html`<span slot="description" class="json-value">${node.value}</span>` : nothing}
    ${children.map((child) => jsonItem(child, depth + 1))}
  </vscode-tree-item>`;
}

function jsonSection(id: SectionId | undefined, heading: string, node: JsonNodeView | undefined): TemplateResult | typeof nothing {
  if (!node) return nothing;
  const children = node.children ?? [];
  return html`<vscode-collapsible heading=${heading} description=${node.value ?? ''} open data-section=${id ?? nothing}>
    ${
      children.length
        ? html`<vscode-tree indent-guides="onHover">${children.map((child) => jsonItem(child, 0))}</vscode-tree>`
        : html`<p class="note">${node.value ?? 'empty'}</p>`
    }
  </vscode-collapsible>`;
}

function actionButton(action: PanelAction, icon: string, label: string): TemplateResult {
  return html`<vscode-button secondary icon=${icon} @click=${() => post({ type: 'action', action })}>${label}</vscode-button>`;
}

function view(event: EventView): TemplateResult {
  return html`
    <header>
      <h1>${event.eventName}</h1>
      <vscode-badge>${event.level.label}</vscode-badge>
      <vscode-badge class=${event.summary.failed ? 'failed' : 'succeeded'}>${event.summary.failed ? 'failed' : 'succeeded'}</vscode-badge>
      <span class="note">${event.fileLabel}</span>
    </header>
    <div class="actions">
      ${actionButton('revealInLog', 'go-to-file', 'Reveal in Log')} ${actionButton('copyEventJson', 'copy', 'Copy JSON')}
      ${actionButton('filterByPrincipal', 'account', 'Filter by Principal')} ${actionButton('filterByAccessKey', 'key', 'Filter by Access Key')}
      ${actionButton('filterByBucket', 'database', 'Filter by Bucket')}
    </div>
    <vscode-collapsible heading="Summary" open data-section="summary">
      <p class="sentence" data-testid="event-summary">${event.summary.sentence}</p>
      ${integrityLine(event.integrity)} ${fields(event.summary.fields)}
      ${
        event.copies.length
          ? html`<h3 data-testid="event-copies">Delivered ${event.copies.length} times (same eventID and recipient account)</h3>
              ${fields(event.copies)}`
          : nothing
      }
    </vscode-collapsible>
    <vscode-collapsible heading="Identity" open data-section="identity">
      <p class="sentence" data-testid="identity-summary">${event.identity.sentence}</p>
      ${fields(event.identity.fields)}
      ${
        event.identity.chain.length
          ? html`<h3>Session chain</h3>
              ${fields(event.identity.chain)}`
          : nothing
      }
    </vscode-collapsible>
    ${lineageSection(event.lineage)}
    <vscode-collapsible heading="S3 event level" description=${event.level.label} open data-section="level">
      <p class="sentence" data-testid="level-reason">${event.level.reason}</p>
      ${fields(event.level.fields)}
      ${
        event.level.evidence.length
          ? html`<h3>Evidence</h3>
              ${fields(event.level.evidence)}`
          : nothing
      }
    </vscode-collapsible>
    <vscode-collapsible heading="Trail match" open data-section="trails">
      ${event.trailProblems.map((problem) => html`<p class="problem"><vscode-icon name="warning"></vscode-icon> ${problem}</p>`)}
      ${
        event.trails.length
          ? event.trails.map((trail) => trailVerdict(trail, false))
          : html`<p class="note">
                No trail is configured (setting cloudtrailLens.trailConfigurations or a *.trail.json file). CloudTrail's defaults:
              </p>
              ${(event.defaults ?? []).map((verdict) => trailVerdict(verdict, true))}`
      }
      ${
        event.crossAccount.length
          ? html`<h3>Delivery to accounts</h3>
              <ul class="reasons">
                ${event.crossAccount.map((line) => html`<li>${line}</li>`)}
              </ul>`
          : nothing
      }
    </vscode-collapsible>
    ${jsonSection('request', 'Request parameters', event.requestParameters)} ${jsonSection(undefined, 'Response elements', event.responseElements)}
    ${jsonSection(undefined, 'Resources', event.resources)}
    ${
      event.links.length
        ? html`<vscode-collapsible heading="API reference" open>
            <ul class="links">
              ${event.links.map(
                (link) =>
                  html`<li>
                    <a
                      role="link"
                      tabindex="0"
                      @click=${() => post({ type: 'openLink', url: link.url })}
                      @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && post({ type: 'openLink', url: link.url })}
                      >${link.label}</a
                    >
                    <span class="note">${link.url}</span>
                  </li>`,
              )}
            </ul>
          </vscode-collapsible>`
        : nothing
    }
    <vscode-collapsible heading="Raw JSON" open data-section="raw">
      <pre data-testid="raw-json">${event.rawJson}</pre>
    </vscode-collapsible>
  `;
}

function focusSection(section: SectionId): void {
  const element = root.querySelector<HTMLElement & { open: boolean }>(`[data-section="${section}"]`);
  if (!element) return;
  element.open = true;
  element.scrollIntoView({ block: 'start' });
}

window.addEventListener('message', (message: MessageEvent<unknown>) => {
  const data = message.data;
  if (!isExtensionToPanel(data)) return;
  if (data.type === 'unavailable') {
    render(html`<p class="problem" data-testid="unavailable">${data.message}</p>`, root);
    return;
  }
  vscode.setState(data.event.source);
  render(view(data.event), root);
  if (data.focus) {
    const section = data.focus;
    requestAnimationFrame(() => focusSection(section));
  }
});

// The placeholder is rendered by lit into the same part as the event, so the first event replaces it. (Markup
// written into the page's HTML would stay: lit renders after children it did not create.)
render(html`<p class="note" data-testid="loading">Loading the event…</p>`, root);
post({ type: 'ready' });

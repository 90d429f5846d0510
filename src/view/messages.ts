// The typed protocol between the detail panel's webview (media/panel.ts) and the extension (src/detailPanel.ts).
// Both sides import this module; every message is checked with the guards below when it arrives, because the
// webview renders attacker-controlled strings and must never be trusted to send well-formed data.

/** One labelled value of a section. Every string is plain text and is rendered as text. */
export interface FieldView {
  label: string;
  value: string;
  /** A short remark shown beside the value (e.g. what a prefix means). */
  note?: string;
}

/** A node of a trail-match explanation tree, as the panel draws it. */
export interface ExplanationView {
  label: string;
  detail?: string;
  /** true: this step lets the event through; false: this step drops it; undefined: neutral. */
  passed?: boolean;
  children: ExplanationView[];
}

export interface TrailView {
  name: string;
  /** The trail's configuration file; null for a trail rebuilt from the logs. */
  file: string | null;
  /** null: the logs do not tell (a trail rebuilt from them, before the first change of it they hold). */
  logged: boolean | null;
  reasons: string[];
  tree: ExplanationView;
}

export interface LinkView {
  label: string;
  url: string;
}

/** A JSON value drawn as a tree: objects and arrays have children, scalars a text value. */
export interface JsonNodeView {
  key: string;
  value?: string;
  children?: JsonNodeView[];
}

/** A log status of the last integrity validation, or `not-validated` when the event's log file was not in it. */
export type IntegrityStatus = 'valid' | 'modified' | 'not-covered' | 'unreadable' | 'not-validated';

/** Whether the event's log file was validated against CloudTrail digest files, and by which digest. */
export interface IntegrityView {
  status: IntegrityStatus;
  sentence: string;
  /** The steps of the validation that decided (hashes, digest, signature). */
  reasons: string[];
}

/** Everything the panel shows for one event, computed by the extension from src/core. */
export interface EventView {
  eventName: string;
  /** Where the event came from, so the panel can be restored after a reload. */
  source: PanelState;
  fileLabel: string;
  summary: { sentence: string; fields: FieldView[]; failed: boolean };
  /** Where each copy of an event delivered more than once is (file, record, line); empty when it was delivered once. */
  copies: FieldView[];
  /** Absent when the extension has no integrity state to ask (unit tests of other sections). */
  integrity?: IntegrityView;
  identity: { sentence: string; fields: FieldView[]; chain: FieldView[] };
  level: { label: string; reason: string; fields: FieldView[]; evidence: FieldView[] };
  /** Explanations for every configured trail; `defaults` is used when none is configured. */
  trails: TrailView[];
  defaults?: TrailView;
  crossAccount: string[];
  trailProblems: string[];
  requestParameters?: JsonNodeView;
  responseElements?: JsonNodeView;
  resources?: JsonNodeView;
  rawJson: string;
  links: LinkView[];
}

/** What the webview keeps with vscode.setState and what the serializer receives after a reload. */
export interface PanelState {
  file: string;
  recordIndex: number;
  eventID: string | null;
}

export type SectionId = 'summary' | 'identity' | 'level' | 'trails' | 'request' | 'raw';

export type PanelAction = 'revealInLog' | 'copyEventJson' | 'filterByPrincipal' | 'filterByAccessKey' | 'filterByBucket';

export type ExtensionToPanel = { type: 'show'; event: EventView; focus?: SectionId } | { type: 'unavailable'; message: string };

export type PanelToExtension = { type: 'ready' } | { type: 'openLink'; url: string } | { type: 'action'; action: PanelAction };

const panelActions: readonly PanelAction[] = ['revealInLog', 'copyEventJson', 'filterByPrincipal', 'filterByAccessKey', 'filterByBucket'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isPanelToExtension(value: unknown): value is PanelToExtension {
  if (!isObject(value)) return false;
  switch (value.type) {
    case 'ready':
      return true;
    case 'openLink':
      return typeof value.url === 'string';
    case 'action':
      return panelActions.includes(value.action as PanelAction);
    default:
      return false;
  }
}

export function isPanelState(value: unknown): value is PanelState {
  return (
    isObject(value) &&
    typeof value.file === 'string' &&
    Number.isInteger(value.recordIndex) &&
    (value.recordIndex as number) >= 0 &&
    (value.eventID === null || typeof value.eventID === 'string')
  );
}

const integrityStatuses: readonly IntegrityStatus[] = ['valid', 'modified', 'not-covered', 'unreadable', 'not-validated'];

export function isIntegrityView(value: unknown): value is IntegrityView {
  return (
    isObject(value) &&
    integrityStatuses.includes(value.status as IntegrityStatus) &&
    typeof value.sentence === 'string' &&
    Array.isArray(value.reasons) &&
    value.reasons.every((reason) => typeof reason === 'string')
  );
}

export function isExtensionToPanel(value: unknown): value is ExtensionToPanel {
  if (!isObject(value)) return false;
  if (value.type === 'unavailable') return typeof value.message === 'string';
  return (
    value.type === 'show' &&
    isObject(value.event) &&
    isPanelState(value.event.source) &&
    (value.event.integrity === undefined || isIntegrityView(value.event.integrity))
  );
}

/** The only links the panel may open: AWS documentation over https. */
export function isAwsDocsUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === 'https:' &&
      parsed.hostname === 'docs.aws.amazon.com' &&
      parsed.username === '' &&
      parsed.password === '' &&
      parsed.port === ''
    );
  } catch {
    return false;
  }
}

/**
 * Logs whose events the panel showed, most recent first, kept by the extension in its workspace state: a panel
 * restored after a reload may load its log again only if it is one of these (or loaded now), never a path the
 * restored state names on its own (webview state is written by the webview).
 */
export const MAX_REMEMBERED_PANEL_LOGS = 20;

function rememberedList(remembered: unknown): string[] {
  return Array.isArray(remembered) ? remembered.filter((file): file is string => typeof file === 'string') : [];
}

/** The remembered list with `file` added in front (once), bounded to MAX_REMEMBERED_PANEL_LOGS. */
export function rememberPanelLog(remembered: unknown, file: string): string[] {
  return [file, ...rememberedList(remembered).filter((known) => known !== file)].slice(0, MAX_REMEMBERED_PANEL_LOGS);
}

/** True when the panel showed an event of `file` (the list comes from workspace state: checked, not trusted). */
export function isRememberedPanelLog(remembered: unknown, file: string): boolean {
  return rememberedList(remembered).includes(file);
}

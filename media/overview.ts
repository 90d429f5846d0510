// The Overview, running inside the webview: a histogram of events over time (uPlot, stacked bars, themed from the
// --vscode-* variables), a table of the same bins for screen readers, and top-N tables. Every string comes from a log
// and is bound as text by lit, never as HTML. It only talks to the extension through src/view/messages.ts.
import { html, nothing, render, type TemplateResult } from 'lit';
import uPlot from 'uplot';
import {
  isExtensionToOverview,
  OVERVIEW_BIN_CHOICES,
  OVERVIEW_SPLITS,
  type OverviewRowView,
  type OverviewTableView,
  type OverviewTimelineView,
  type OverviewToExtension,
  type OverviewView,
} from '../src/view/messages';

interface VsCodeApi {
  postMessage(message: OverviewToExtension): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;
let current: OverviewView | undefined;
let showTable = false;
let chart: uPlot | undefined;

function post(message: OverviewToExtension): void {
  vscode.postMessage(message);
}

const countFormat = new Intl.NumberFormat('en-US');

function bytesText(bytes: number): string {
  if (bytes < 1024) return `${countFormat.format(bytes)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** A bin's start as the chart's axis and the table show it: UTC, like CloudTrail's eventTime. */
function timeText(ms: number, binMs: number): string {
  const iso = new Date(ms).toISOString();
  return binMs >= 86_400_000 ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

function themeColour(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** The theme's chart colours, in the order series take them. */
function seriesColours(): string[] {
  return [
    ['--vscode-charts-blue', '#3794ff'],
    ['--vscode-charts-orange', '#d18616'],
    ['--vscode-charts-green', '#89d185'],
    ['--vscode-charts-purple', '#b180d7'],
    ['--vscode-charts-yellow', '#cca700'],
    ['--vscode-charts-foreground', '#cccccc'],
    ['--vscode-charts-lines', '#808080'],
    ['--vscode-descriptionForeground', '#999999'],
    ['--vscode-textLink-foreground', '#3794ff'],
  ].map(([name, fallback]) => themeColour(name, fallback));
}

/**
 * uPlot draws bars from zero, so stacks are drawn as cumulative sums, the tallest first and each smaller one over
 * it; the legend shows each series' own count.
 */
function stacked(timeline: OverviewTimelineView): number[][] {
  const sums: number[][] = [];
  let running = timeline.starts.map(() => 0);
  for (const series of timeline.series) {
    running = running.map((sum, b) => sum + series.counts[b]);
    sums.push(running);
  }
  return sums.reverse();
}

/** Snaps a brushed range to whole bins, so the tree shows exactly the events of the bins the user covered. */
function brushedRange(timeline: OverviewTimelineView, left: number, right: number): { after: number; before: number } | undefined {
  const { starts, binMs } = timeline;
  if (starts.length === 0) return undefined;
  const first = Math.max(0, Math.floor((left - starts[0]) / binMs));
  const last = Math.min(starts.length - 1, Math.floor((right - starts[0]) / binMs));
  if (last < first) return undefined;
  return { after: starts[first], before: starts[last] + binMs };
}

/** Axis labels in UTC, 24-hour, like CloudTrail's eventTime: the time, and the date under the first tick of each day. */
function axisTimes(ticks: number[]): string[] {
  let lastDate = '';
  return ticks.map((seconds) => {
    const iso = new Date(seconds * 1000).toISOString();
    const date = iso.slice(0, 10);
    const time = iso.slice(11, 16);
    const newDay = date !== lastDate;
    lastDate = date;
    if (time === '00:00') return date;
    return newDay ? `${time}\n${date}` : time;
  });
}

/** The chart takes the panel's height, less the toolbar and the legend, within bounds. */
function chartHeight(): number {
  return Math.min(420, Math.max(140, window.innerHeight - 170));
}

function drawChart(container: HTMLElement, timeline: OverviewTimelineView): void {
  chart?.destroy();
  chart = undefined;
  if (timeline.starts.length === 0) return;
  const colours = seriesColours();
  const errorColour = themeColour('--vscode-errorForeground', '#f14c4c');
  const axisColour = themeColour('--vscode-descriptionForeground', '#999999');
  const gridColour = themeColour('--vscode-editorWidget-border', '#454545');
  const drawn = [...timeline.series].reverse();
  const xs = timeline.starts.map((ms) => (ms + timeline.binMs / 2) / 1000);
  // Errors are marks on the bins that have some, not a line along the floor of every quiet bin.
  const errorMarks = timeline.errors.map((count) => (count > 0 ? count : null));
  const data: uPlot.AlignedData = [xs, ...stacked(timeline), errorMarks];
  const bars = uPlot.paths.bars?.({ size: [0.9, 64], align: 0 });
  const countOf = (series: number) => (_u: uPlot, _v: number | null, _s: number, bin: number | null) =>
    bin === null || bin === undefined ? '' : countFormat.format(drawn[series].counts[bin]);
  const width = Math.max(240, container.clientWidth);
  const height = chartHeight();
  chart = new uPlot(
    {
      width,
      height,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
      select: { show: true, left: 0, top: 0, width: 0, height: 0 },
      legend: { live: true },
      scales: { x: { time: true, range: (_u, min, max) => [min - timeline.binMs / 2000, max + timeline.binMs / 2000] } },
      axes: [
        { stroke: axisColour, grid: { stroke: gridColour, width: 1 }, ticks: { stroke: gridColour }, values: (_u, ticks) => axisTimes(ticks) },
        { stroke: axisColour, grid: { stroke: gridColour, width: 1 }, ticks: { stroke: gridColour }, size: 50 },
      ],
      series: [
        { label: 'Bin (UTC)', value: (_u, _v, _s, bin) => (bin === null || bin === undefined ? '' : timeText(timeline.starts[bin], timeline.binMs)) },
        ...drawn.map((series, s) => ({
          label: series.label,
          fill: colours[(drawn.length - 1 - s) % colours.length],
          stroke: colours[(drawn.length - 1 - s) % colours.length],
          width: 0,
          paths: bars,
          value: countOf(s),
        })),
        {
          label: 'Errors',
          stroke: errorColour,
          width: 0,
          paths: () => null,
          points: { show: true, size: 7, fill: errorColour, stroke: errorColour },
          value: (_u: uPlot, _v: number | null, _s: number, bin: number | null) =>
            bin === null || bin === undefined ? '' : countFormat.format(timeline.errors[bin]),
        },
      ],
      hooks: {
        setSelect: [
          (u) => {
            if (u.select.width < 2) return;
            const range = brushedRange(timeline, u.posToVal(u.select.left, 'x') * 1000, u.posToVal(u.select.left + u.select.width, 'x') * 1000);
            if (range) post({ type: 'brush', ...range });
          },
        ],
      },
    },
    data,
    container,
  );
  chart.over.addEventListener('dblclick', () => post({ type: 'clearBrush' }));
}

function binTable(timeline: OverviewTimelineView): TemplateResult {
  return html`<table class="bins" aria-label="Events per bin">
    <thead>
      <tr>
        <th scope="col">Bin start (UTC)</th>
        ${timeline.series.map((series) => html`<th scope="col">${series.label}</th>`)}
        <th scope="col">Errors</th>
      </tr>
    </thead>
    <tbody>
      ${timeline.starts.map(
        (start, b) =>
          html`<tr>
            <th scope="row">${timeText(start, timeline.binMs)}</th>
            ${timeline.series.map((series) => html`<td>${countFormat.format(series.counts[b])}</td>`)}
            <td>${countFormat.format(timeline.errors[b])}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function rowMeasure(table: OverviewTableView, row: OverviewRowView): TemplateResult {
  if (table.sortedBy === 'bytesOut') {
    return html`<td class="number">${bytesText(row.bytesOut)}</td>
      <td class="number">${bytesText(row.bytesIn)}</td>`;
  }
  return html`<td class="number">${countFormat.format(row.count)}</td>
    <td class="number ${row.errors > 0 ? 'errors' : ''}">${row.errors > 0 ? countFormat.format(row.errors) : ''}</td>`;
}

function topTable(table: OverviewTableView): TemplateResult {
  const shown = table.rows.length < table.distinct ? `top ${table.rows.length} of ${countFormat.format(table.distinct)}` : `${table.distinct}`;
  const headings = table.sortedBy === 'bytesOut' ? ['Bytes out', 'Bytes in'] : ['Events', 'Errors'];
  return html`<section class="top" data-table=${table.id}>
    <h2>${table.title} <span class="note">(${shown})</span></h2>
    ${
      table.rows.length === 0
        ? html`<p class="note">None.</p>`
        : html`<table aria-label=${table.title}>
            <thead>
              <tr>
                <th scope="col">Value</th>
                ${headings.map((heading) => html`<th scope="col" class="number">${heading}</th>`)}
              </tr>
            </thead>
            <tbody>
              ${table.rows.map(
                (row) =>
                  html`<tr>
                    <th scope="row">
                      <button
                        class="value"
                        title=${row.label === row.value ? 'Add to the filter' : `${row.value}\nAdd to the filter`}
                        @click=${() => post({ type: 'filterValue', table: table.id, value: row.value })}
                      >
                        ${row.label}
                      </button>
                    </th>
                    ${rowMeasure(table, row)}
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
  </section>`;
}

function toolbar(view: OverviewView): TemplateResult {
  const timeline = view.timeline;
  return html`<div class="toolbar">
    <span class="heading">${view.heading}</span>
    <label
      >Bins
      <select @change=${(event: Event) => post({ type: 'setBin', ms: Number((event.target as HTMLSelectElement).value) })} aria-label="Bin width">
        ${OVERVIEW_BIN_CHOICES.map(
          (choice) =>
            html`<option value=${choice.ms} ?selected=${timeline.auto ? choice.ms === 0 : choice.ms === timeline.binMs}>
              ${choice.ms === 0 ? `Auto (${timeline.binLabel})` : choice.label}
            </option>`,
        )}
      </select></label
    >
    <label
      >Stacks
      <select @change=${(event: Event) => pickSplit((event.target as HTMLSelectElement).value)} aria-label="Split the stacks by">
        ${OVERVIEW_SPLITS.map((choice) => html`<option value=${choice.split} ?selected=${view.split === choice.split}>${choice.label}</option>`)}
      </select></label
    >
    <button class="toggle" aria-pressed=${showTable ? 'true' : 'false'} @click=${toggleTable}>${showTable ? 'Show chart' : 'Show as table'}</button>
  </div>`;
}

function pickSplit(value: string): void {
  const choice = OVERVIEW_SPLITS.find((candidate) => candidate.split === value);
  if (choice) post({ type: 'setSplit', split: choice.split });
}

function toggleTable(): void {
  showTable = !showTable;
  if (current) show(current);
}

function show(view: OverviewView): void {
  current = view;
  const timeline = view.timeline;
  render(
    html`${toolbar(view)}
      <div class="layout">
        <section class="timeline" aria-label="Events over time">
          ${
            view.filter === null && view.hidden === null
              ? nothing
              : html`<p class="note">
                  ${view.filter === null ? nothing : html`Filter: <code>${view.filter}</code>. `}${view.hidden === null ? nothing : html`Hidden: ${view.hidden}.`}
                </p>`
          }
          ${showTable ? binTable(timeline) : html`<div id="chart" role="img" aria-label="Histogram of events over time; the same data is in Show as table."></div>`}
          <p class="note hint">
            Drag across the chart to filter the tree to that time; double-click the chart to clear it.
            ${timeline.noTime > 0 ? html`${countFormat.format(timeline.noTime)} events have no readable time and are not drawn.` : nothing}
          </p>
        </section>
        <div class="tables">${view.tables.map(topTable)}</div>
      </div>`,
    root,
  );
  const container = document.getElementById('chart');
  if (container) drawChart(container, timeline);
  else {
    chart?.destroy();
    chart = undefined;
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isExtensionToOverview(message)) return;
  if (message.type === 'empty') {
    chart?.destroy();
    chart = undefined;
    current = undefined;
    render(html`<p class="note empty">${message.message}</p>`, root);
    return;
  }
  show(message.overview);
});

new ResizeObserver(() => {
  const container = document.getElementById('chart');
  if (chart && container) chart.setSize({ width: Math.max(240, container.clientWidth), height: chartHeight() });
}).observe(root);

post({ type: 'ready' });

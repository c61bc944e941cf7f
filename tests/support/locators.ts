import type { Locator, Page } from '@playwright/test';
import { testIds } from '../../src/testIds';

/**
 * Every locator of Correlate's own markup, in one place. The end-to-end specs (tests/*.spec.ts,
 * against a running Grafana) and the component tests (browser/tests/components/, the built plugin
 * in Chromium on every `.ci/run`) both use these, so a locator that matches nothing, or more than
 * one element where one is meant, fails here before it fails in CI.
 *
 * Groups and names follow src/testIds.ts: `ui.errors.logRow` finds `testIds.errors.logRow`. The
 * rest are role-based and exact: `getByLabel('Pattern 1')` also matched "Remove pattern 1".
 * Grafana's own markup (panel menus, Explore, the trace view) is located through
 * @grafana/e2e-selectors with plugin-e2e's getByGrafanaSelector in the specs, never here.
 */
export type Root = Page | Locator;

const byId = (id: string) => (root: Root) => root.getByTestId(id);
const exact = { exact: true } as const;
const startsWith = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`);

export const ui = {
  page: {
    message: byId(testIds.page.message),
    /** The warning above a page when a link's value could not be used. */
    ignoredPart: (root: Root) =>
      root.getByTestId(testIds.page.message).filter({ hasText: 'Part of this link was ignored' }),
  },

  appConfig: {
    container: byId(testIds.appConfig.container),
    dataSource: (root: Root, kind: 'loki' | 'tempo' | 'metrics') =>
      root.getByTestId(testIds.appConfig.dataSource(kind)),
    /** The data source picker's text box inside a data source field. */
    dataSourceInput: (root: Root, kind: 'loki' | 'tempo' | 'metrics') =>
      root.getByTestId(testIds.appConfig.dataSource(kind)).getByRole('combobox'),
    redDetection: byId(testIds.appConfig.redDetection),
    /** A metric family's radio button, by its title (its name also carries the metric below the title). */
    redFamily: (root: Root, title: string) => root.getByRole('radio', { name: startsWith(title) }),
    traceIdFields: byId(testIds.appConfig.traceIdFields),
    addField: (root: Root) =>
      root.getByTestId(testIds.appConfig.traceIdFields).getByRole('button', { name: 'Add', ...exact }),
    field: (root: Root, n: number) => root.getByRole('textbox', { name: `Field name ${n}`, ...exact }),
    traceIdPatterns: byId(testIds.appConfig.traceIdPatterns),
    addPattern: (root: Root) =>
      root.getByTestId(testIds.appConfig.traceIdPatterns).getByRole('button', { name: 'Add', ...exact }),
    pattern: (root: Root, n: number) => root.getByRole('textbox', { name: `Pattern ${n}`, ...exact }),
    removePattern: (root: Root, n: number) => root.getByRole('button', { name: `Remove pattern ${n}`, ...exact }),
    tryLine: byId(testIds.appConfig.tryLine),
    tryLineResult: byId(testIds.appConfig.tryLineResult),
    errorLevels: byId(testIds.appConfig.errorLevels),
    padding: byId(testIds.appConfig.padding),
    maxLines: byId(testIds.appConfig.maxLines),
    saveError: byId(testIds.appConfig.saveError),
    submit: byId(testIds.appConfig.submit),
    healthTraceSample: byId(testIds.appConfig.healthTraceSample),
    healthLinesPerService: byId(testIds.appConfig.healthLinesPerService),
    healthServices: byId(testIds.appConfig.healthServices),
    /** The saved configuration's health checks, one line each (a compact health report inside). */
    healthSummary: byId(testIds.appConfig.healthSummary),
  },

  /** The controls above the Errors and Services pages (Scenes' variable pickers). */
  controls: {
    picker: (root: Root, label: 'Loki' | 'Tempo' | 'Metrics' | 'Services' | 'Levels') =>
      root.getByRole('combobox', { name: label, ...exact }),
    search: (root: Root) => root.getByRole('textbox', { name: 'Search', ...exact }),
    /** An option of an open picker's list. */
    option: (root: Root, name: string) => root.getByRole('option', { name, ...exact }),
  },

  errors: {
    page: byId(testIds.errors.page),
    signatures: byId(testIds.errors.signatures),
    signature: byId(testIds.errors.signature),
    /** The signature row written `text` (its fingerprint: `ord-<id>`). */
    signatureWith: (root: Root, text: string | RegExp) =>
      root.getByTestId(testIds.errors.signature).filter({ has: root.getByRole('button', { name: text }) }),
    clearSignature: byId(testIds.errors.clearSignature),
    logList: byId(testIds.errors.logList),
    /** The keyboard's list (j / k / Enter). */
    listbox: (root: Root) => root.getByRole('listbox', { name: 'Error logs', ...exact }),
    logRow: byId(testIds.errors.logRow),
    /** The line of `service` whose trace link opens this trace (a trace's services may each log an error). */
    rowOfTrace: (root: Root, traceId: string, service: string) =>
      root.getByTestId(testIds.errors.logRow).filter({
        has: root.locator(`a[href*="/trace/${traceId}?"][href*="service=${encodeURIComponent(service)}"]`),
      }),
    /** The heading over the list: "Error logs (n)". */
    logCount: (root: Root) => root.getByRole('heading', { name: /^Error logs \(\d+/ }),
    traceLink: byId(testIds.errors.traceLink),
    serviceLink: byId(testIds.errors.serviceLink),
    empty: byId(testIds.errors.empty),
    queryError: byId(testIds.errors.queryError),
    unknownService: byId(testIds.errors.unknownService),
    /** What the signatures and the list cover: every line of the range, or its newest slice. */
    sampleNote: byId(testIds.errors.sampleNote),
    /** The error volume panel (Grafana's time series; its header is Scenes' panel chrome). */
    // 'Errors per service', or the total's title when every service is shown (ErrorsBody.tsx).
    volume: (root: Root) => root.getByRole('region', { name: /^Errors (per service$|of )/ }),
  },

  trace: {
    page: byId(testIds.trace.page),
    idInput: byId(testIds.trace.idInput),
    idOpen: byId(testIds.trace.idOpen),
    window: byId(testIds.trace.window),
    view: byId(testIds.trace.view),
    summary: byId(testIds.trace.summary),
    summaryLoading: byId(testIds.trace.summaryLoading),
    summaryMessage: byId(testIds.trace.summaryMessage),
    rootCause: byId(testIds.trace.rootCause),
    partial: byId(testIds.trace.partial),
    large: byId(testIds.trace.large),
    errorSpans: byId(testIds.trace.errorSpans),
    /** The failing spans, one row each. */
    errorSpanRows: (root: Root) => root.getByTestId(testIds.trace.errorSpans).locator('tbody tr'),
    logs: byId(testIds.trace.logs),
    red: byId(testIds.trace.red),
    errorLogs: byId(testIds.trace.errorLogs),
    /** The heading of one service's "other errors" panel. */
    errorLogsOf: (root: Root, service: string) =>
      root.getByTestId(testIds.trace.errorLogs).getByRole('heading', { name: `Errors of ${service}`, ...exact }),
  },

  red: {
    section: byId(testIds.red.section),
    message: byId(testIds.red.message),
    /** The service rows of a RED section, in the order shown (their headings). */
    services: (root: Root) => root.getByTestId(testIds.red.section).getByRole('heading', { level: 4 }),
  },

  /** A service's callers and callees (service detail), from Tempo's service graph. */
  serviceMap: {
    section: byId(testIds.serviceMap.section),
    graph: byId(testIds.serviceMap.graph),
    callers: byId(testIds.serviceMap.callers),
    callees: byId(testIds.serviceMap.callees),
    row: byId(testIds.serviceMap.row),
    message: byId(testIds.serviceMap.message),
    /** A neighbour's link (to its own detail) in the callers or callees table. */
    neighbour: (root: Root, side: 'callers' | 'callees', service: string) =>
      root.getByTestId(testIds.serviceMap[side]).getByRole('link', { name: service, ...exact }),
  },

  /** The trace's path through its services (trace page). */
  tracePath: {
    section: byId(testIds.tracePath.section),
    graph: byId(testIds.tracePath.graph),
    row: byId(testIds.tracePath.row),
    /** A service's row on the path. */
    rowOf: (root: Root, service: string) =>
      root.getByTestId(testIds.tracePath.row).filter({ has: root.getByRole('link', { name: service, ...exact }) }),
    rootCause: byId(testIds.tracePath.rootCause),
  },

  services: {
    table: byId(testIds.services.table),
    row: byId(testIds.services.row),
    /** A service's row, by its name. */
    rowOf: (root: Root, service: string) =>
      root.getByTestId(testIds.services.row).filter({ has: root.getByRole('link', { name: service, ...exact }) }),
    link: (root: Root, service: string) => root.getByRole('link', { name: service, ...exact }),
    empty: byId(testIds.services.empty),
    error: byId(testIds.services.error),
    /** "N of M services shown…" above the table. */
    summary: byId(testIds.services.summary),
    search: byId(testIds.services.search),
    /** The scrolled box that holds the rows on screen (the table is virtualised). */
    viewport: byId(testIds.services.viewport),
    /** A service detail's table of error or slow traces (Grafana's table in Scenes' panel chrome). */
    traces: (root: Root, kind: 'error' | 'slow') =>
      root.getByRole('region', { name: kind === 'error' ? 'Error traces' : /^Slow traces \(≥ \d+ ms\)$/ }),
    /** A service detail's error logs panel. */
    errorLogs: (root: Root) => root.getByRole('region', { name: 'Error logs', ...exact }),
  },

  /** A health report: the Health page, the config page's summary and the exposed component render it alike. */
  health: {
    report: byId(testIds.health.report),
    /** The report once both waves are in (`data-complete="true"`). */
    complete: (root: Root) => root.locator(`[data-testid="${testIds.health.report}"][data-complete="true"]`),
    summary: byId(testIds.health.summary),
    requests: byId(testIds.health.requests),
    loading: byId(testIds.health.loading),
    error: byId(testIds.health.error),
    check: byId(testIds.health.check),
    /** One check's row, by its id (`loki`, `trace-ids`, …; src/correlation/health/checks.ts). */
    checkOf: (root: Root, id: string) => root.locator(`[data-testid="${testIds.health.check}"][data-check-id="${id}"]`),
    state: byId(testIds.health.state),
    figure: byId(testIds.health.figure),
    cause: byId(testIds.health.cause),
    fix: byId(testIds.health.fix),
    detailLink: byId(testIds.health.detailLink),
    detail: byId(testIds.health.detail),
    detailRow: byId(testIds.health.detailRow),
    /** The link to the Health page under a compact report (config page, exposed component). */
    pageLink: (root: Root) => root.getByRole('link', { name: /^Open (Correlate’s |the )Health page/ }),
  },

  /** What changed: the incident window against a baseline, ranked. */
  changed: {
    page: byId(testIds.changed.page),
    windows: byId(testIds.changed.windows),
    baseline: byId(testIds.changed.baseline),
    /** A baseline choice, by its label. */
    baselineOption: (root: Root, label: 'Just before' | 'A day earlier') =>
      root.getByTestId(testIds.changed.baseline).getByRole('radio', { name: label, ...exact }),
    kind: byId(testIds.changed.kind),
    /** One kind's status line: signatures, red, spans or slowCalls. */
    kindOf: (root: Root, kind: 'signatures' | 'red' | 'spans' | 'slowCalls') =>
      root.locator(`[data-testid="${testIds.changed.kind}"][data-kind="${kind}"]`),
    /** The kinds still comparing. */
    kindLoading: (root: Root) => root.locator(`[data-testid="${testIds.changed.kind}"][data-status="loading"]`),
    table: byId(testIds.changed.table),
    row: byId(testIds.changed.row),
    /** The rows above the threshold. */
    flaggedRow: (root: Root) => root.locator(`[data-testid="${testIds.changed.row}"][data-flagged="true"]`),
    rowLink: byId(testIds.changed.rowLink),
    nothing: byId(testIds.changed.nothing),
    /** The probable cause with its evidence, or "no single cause" (data-state probable | none). */
    cause: byId(testIds.changed.cause),
    /** What could not be compared, and why (data-state partial | blind | future). */
    incomplete: byId(testIds.changed.incomplete),
    showAll: byId(testIds.changed.showAll),
    copy: byId(testIds.changed.copy),
    /** "What changed?" on the Errors page, a service's detail and the trace page. */
    link: byId(testIds.changed.link),
  },

  panel: {
    container: byId(testIds.panel.container),
    signatures: byId(testIds.panel.signatures),
    signature: byId(testIds.panel.signature),
    lines: byId(testIds.panel.lines),
    line: byId(testIds.panel.line),
    empty: byId(testIds.panel.empty),
    message: byId(testIds.panel.message),
    /** "N errors" above the panel's lists. */
    total: (root: Root) => root.getByTestId(testIds.panel.container).getByText(/^\d+ errors$/),
  },

  addToDashboard: {
    /** The dialog "Add to dashboard" opens (Grafana's form, or Correlate's own on 12.4 without it). */
    dialog: byId(testIds.addToDashboard.dialog),
    openNew: byId(testIds.addToDashboard.openNew),
    /** The trace and service pages' button that adds the whole investigation. */
    investigation: byId(testIds.addToDashboard.investigation),
  },

  embed: {
    trace: byId(testIds.embed.trace),
    serviceRed: byId(testIds.embed.serviceRed),
    health: byId(testIds.embed.health),
  },
};

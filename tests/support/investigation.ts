import { expect, type AppPage, type E2ESelectorGroups } from '@grafana/plugin-e2e';
import { ui, type Root } from './locators';

const PADDING_MS = 15 * 60_000;

/** The window the trace page states, in epoch ms. */
export async function statedWindow(root: Root): Promise<{ fromMs: number; toMs: number }> {
  const text = await ui.trace.window(root).innerText();
  const m = /^Window for every panel: (\S+) to (\S+)$/.exec(text.trim());
  expect(m, `the window text: ${text}`).not.toBeNull();
  return { fromMs: Date.parse(m![1]), toMs: Date.parse(m![2]) };
}

/**
 * What a trace investigation opened from a log line shows, in a running Grafana: the summary and
 * where it failed first, the window around the line's time, Grafana's trace view drawing the spans,
 * the trace's logs holding the line, and the RED graphs of the line's service drawn.
 */
export async function expectInvestigationOf(
  app: AppPage,
  selectors: E2ESelectorGroups,
  from: { traceId: string; timeMs: number; service: string; line: string }
) {
  const page = app.ctx.page;
  expect(new URL(page.url()).pathname).toBe(`/a/correlate-investigation-app/trace/${from.traceId}`);
  await expect(ui.trace.summary(page)).toContainText(`Services: `);
  await expect(ui.trace.summary(page)).toContainText(from.service);
  await expect(ui.trace.page(page)).toBeVisible();
  await expect(ui.trace.rootCause(page)).toContainText('Failed first in ');
  const failing = /Failed first in ([^:]+):/.exec(await ui.trace.rootCause(page).innerText())?.[1];
  expect(await ui.trace.errorSpanRows(page).count()).toBeGreaterThanOrEqual(1);
  await expect(ui.trace.errorSpans(page)).toContainText(failing!);
  // The path through the services, drawn, the failing service marked as the likely root cause.
  await expect(ui.tracePath.section(page)).toBeVisible();
  await expect(ui.tracePath.graph(page)).toBeVisible();
  await expect(ui.tracePath.rootCause(ui.tracePath.rowOf(page, failing!))).toHaveText('likely root cause');

  const window = await statedWindow(page);
  expect(window.fromMs).toBeLessThanOrEqual(from.timeMs - PADDING_MS);
  expect(window.fromMs).toBeGreaterThan(from.timeMs - PADDING_MS - 60_000);
  expect(window.toMs).toBeGreaterThanOrEqual(Math.min(from.timeMs + PADDING_MS, Date.now()) - 60_000);

  // Grafana's trace view: one bar per span, the trace crossing at least two services.
  const spans = app.getByGrafanaSelector(selectors.components.TraceViewer.spanBar, { root: ui.trace.view(page) });
  await expect(spans.first()).toBeVisible();
  expect(await spans.count()).toBeGreaterThanOrEqual(2);

  // The line the investigation started from is among the trace's logs.
  await expect(ui.trace.logs(page)).toContainText(from.line.slice(0, 60));

  // RED graphs of the line's service, drawn by Grafana's time series (uPlot draws on a canvas).
  const red = ui.trace.red(page);
  await expect(ui.red.services(red).filter({ hasText: from.service }).first()).toBeVisible();
  await expect(red.locator('canvas').first()).toBeVisible();
  await expect(ui.red.message(red)).toHaveCount(0);
}

import type { Locator } from '@playwright/test';
import { RED_METRICS } from '../../../src/dashboards/views';
import { testIds } from '../../../src/testIds';
import { expect, test } from '../support/demo';

/**
 * The Service RED exposed component at the sizes a host gives it: a 300×200 dashboard panel, an 800 px
 * column and the full page width. Its container is sized, not the window: the graphs follow their
 * own room (they stack under 640 px), whatever the screen.
 */
const RED_EMBED = 'correlate-investigation-app/service-red/v1';
// The RED graphs' titles, as every page and dashboard writes them.
const TITLES = RED_METRICS.map((m) => m.title);

/** Each graph's title is shown (scrolled to, as a user would), then every box is read at one scroll position. */
async function boxes(embed: Locator) {
  const graphs = TITLES.map((title) => embed.getByRole('region', { name: title, exact: true }));
  for (const [i, graph] of graphs.entries()) {
    await graph.scrollIntoViewIfNeeded();
    await expect(graph.getByRole('heading', { name: TITLES[i], exact: true })).toBeVisible();
  }
  await graphs[0].scrollIntoViewIfNeeded();
  return Promise.all(
    graphs.map((g) =>
      g.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      })
    )
  );
}

test.describe('Service RED embed geometry (component)', () => {
  for (const size of [
    { name: '300×200', width: '300px', height: '200px', stacked: true },
    { name: '800 px', width: '800px', height: 'auto', stacked: false },
    { name: 'full width', width: '100%', height: 'auto', stacked: false },
  ]) {
    test(`three titled graphs at ${size.name}`, async ({ demo }) => {
      await demo.page.setViewportSize({ width: 1440, height: 900 });
      const name = await demo.mountExposedComponent(RED_EMBED, { service: 'payments', from: 'now-1h', to: 'now' });
      const view = demo.view(name);
      await view.evaluate((el, s) => {
        Object.assign((el as HTMLElement).style, { width: s.width, height: s.height, overflow: 'auto' });
      }, size);
      const embed = view.getByTestId(testIds.embed.serviceRed);
      await expect(embed.getByTestId(testIds.red.section)).toBeVisible();
      const [a, b, c] = await boxes(embed);
      const container = (await view.boundingBox())!;
      for (const box of [a, b, c]) {
        // Inside the host's box (less its scroll bar), and wide and tall enough to read.
        expect(box.x).toBeGreaterThanOrEqual(container.x - 1);
        expect(box.x + box.width).toBeLessThanOrEqual(container.x + container.width + 1);
        expect(box.height).toBeGreaterThanOrEqual(150);
        expect(box.width).toBeGreaterThanOrEqual(size.stacked ? 250 : (container.width - 60) / 3);
      }
      if (size.stacked) {
        // One under the other.
        expect(b.y).toBeGreaterThanOrEqual(a.y + a.height - 1);
        expect(c.y).toBeGreaterThanOrEqual(b.y + b.height - 1);
      } else {
        // Side by side, on one line.
        expect(Math.abs(a.y - b.y)).toBeLessThan(2);
        expect(b.x).toBeGreaterThanOrEqual(a.x + a.width - 1);
        expect(c.x).toBeGreaterThanOrEqual(b.x + b.width - 1);
      }
    });
  }
});

import { expect, type Locator, type Page } from '@playwright/test';
import { PLUGIN_BASE_URL } from '../../src/constants';

/**
 * Follows one of Correlate's links from a Grafana extension menu that is open. Explore's toolbar and
 * the alert instance menu ask first, in a modal titled after the link, whether to open it here or in
 * a new tab (grafana/grafana public/app/features/explore/extensions/ConfirmNavigationModal.tsx); the
 * panel and alert rule menus navigate at once. Resolves with Correlate's URL once it is open.
 */
export async function followCorrelateLink(page: Page, item: Locator): Promise<URL> {
  const opened = page.waitForURL((url) => url.pathname.startsWith(`${PLUGIN_BASE_URL}/`));
  await item.click();
  const confirm = page.getByRole('dialog').getByRole('button', { name: 'Open', exact: true });
  const outcome = await Promise.race([
    opened.then(() => 'opened' as const),
    confirm.waitFor({ state: 'visible' }).then(
      () => 'confirm' as const,
      () => 'opened' as const
    ),
  ]);
  if (outcome === 'confirm') {
    await confirm.click();
  }
  await opened;
  const url = new URL(page.url());
  expect(url.pathname.startsWith(`${PLUGIN_BASE_URL}/`)).toBe(true);
  return url;
}

/** An item of an open Grafana menu, by its exact label. */
export const menuItem = (page: Page, label: string) => page.getByRole('menuitem', { name: label, exact: true });

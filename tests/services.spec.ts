import { expect, test } from './fixtures';
import { testIds } from '../src/testIds';
import { ROUTES } from '../src/constants';
import { DEMO_SERVICES, appUrl } from './support/app';

test.describe('Services', () => {
  test('lists every demo service with its RED figures, and opens a service’s detail', async ({ page }) => {
    await page.goto(appUrl(ROUTES.Services));
    const table = page.getByTestId(testIds.services.table);
    await expect(table).toBeVisible({ timeout: 30_000 });
    for (const service of DEMO_SERVICES) {
      await expect(table.getByRole('link', { name: service, exact: true })).toBeVisible();
    }
    const row = page.getByTestId(testIds.services.row).first();
    await expect(row).toContainText('%');
    const service = (await row.getByRole('link').innerText()).trim();
    await row.getByRole('link').click();

    await expect(page).toHaveURL(new RegExp(`/${ROUTES.Services}/${service}`));
    await expect(page.getByTestId(testIds.red.section)).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText('Error logs', { exact: true }).first()).toBeVisible();
    await expect(page.getByText('Error traces', { exact: true }).first()).toBeVisible();
    await page.goBack();
    await expect(page.getByTestId(testIds.services.table)).toBeVisible();
  });

  test('a link with a name no service can have gets a clear message', async ({ page }) => {
    await page.goto(appUrl(ROUTES.Services, `/${'x'.repeat(300)}`));
    await expect(page.getByTestId(testIds.page.message)).toContainText('does not name a service');
  });
});

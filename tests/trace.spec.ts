import { expect, test } from './fixtures';
import { testIds } from '../src/testIds';
import { ROUTES } from '../src/constants';
import { TRACE_URL, appUrl } from './support/app';

test.describe('Trace investigation', () => {
  test('a malformed trace id in the URL gets a clear message and a way on', async ({ page }) => {
    await page.goto(appUrl(ROUTES.Trace, '/not-a-trace-id'));
    const message = page.getByTestId(testIds.page.message);
    await expect(message).toContainText('is not a trace id');
    await expect(message).toContainText('32 (or 16) hexadecimal characters');
    await expect(page.getByTestId(testIds.trace.view)).toHaveCount(0);
  });

  test('a trace id typed into the form opens its investigation', async ({ page }) => {
    // Take a real trace id from the Errors page, then type it in upper case with spaces around.
    await page.goto(appUrl(ROUTES.Errors));
    const link = page.getByTestId(testIds.errors.traceLink).first();
    await expect(link).toBeVisible({ timeout: 30_000 });
    const traceId = TRACE_URL.exec((await link.getAttribute('href')) ?? '')![1];

    await page.goto(appUrl(ROUTES.Trace));
    await page.getByTestId(testIds.trace.idInput).fill(`  ${traceId.toUpperCase()} `);
    await page.getByTestId(testIds.trace.idOpen).click();
    await expect(page).toHaveURL(new RegExp(`/${ROUTES.Trace}/${traceId}`));
    await expect(page.getByTestId(testIds.trace.summary)).toBeVisible({ timeout: 30_000 });
  });
});

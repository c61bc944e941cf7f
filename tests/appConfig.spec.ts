import { expect, test } from './fixtures';
import { testIds } from '../src/testIds';

test.describe('app configuration', () => {
  test('shows the configuration with its defaults', async ({ appConfigPage, page }) => {
    await expect(page.getByTestId(testIds.appConfig.container)).toBeVisible();
    await expect(page.getByTestId(testIds.appConfig.padding)).toHaveValue('15');
    await expect(page.getByTestId(testIds.appConfig.maxLines)).toHaveValue('1000');
    await expect(appConfigPage.ctx.page.getByTestId(testIds.appConfig.submit)).toBeEnabled();
  });

  test('an invalid trace-id pattern is shown inline and cannot be saved', async ({ appConfigPage, page }) => {
    await expect(page.getByTestId(testIds.appConfig.container)).toBeVisible();
    await page.getByTestId(testIds.appConfig.traceIdPatterns).getByRole('button', { name: /add/i }).click();
    await page.getByLabel('Pattern 1').fill('corr=([0-9a-f');
    await expect(page.getByText(/Not a valid regular expression/)).toBeVisible();
    await expect(appConfigPage.ctx.page.getByTestId(testIds.appConfig.submit)).toBeDisabled();
  });

  test('a saved configuration survives a reload', async ({ appConfigPage, page }) => {
    await page.getByTestId(testIds.appConfig.maxLines).fill('750');
    await page.getByTestId(testIds.appConfig.submit).click();
    await page.waitForLoadState('load');
    await expect(page.getByTestId(testIds.appConfig.maxLines)).toHaveValue('750');
    // Put the default back for the other specs.
    await page.getByTestId(testIds.appConfig.maxLines).fill('1000');
    await page.getByTestId(testIds.appConfig.submit).click();
    expect(appConfigPage).toBeTruthy();
  });
});

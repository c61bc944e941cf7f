import { expect, test } from './fixtures';
import { testIds } from '../src/testIds';
import { PLUGIN_ID } from '../src/constants';

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
    const maxLines = page.getByTestId(testIds.appConfig.maxLines);
    const save = async (value: string) => {
      await maxLines.fill(value);
      const saved = page.waitForResponse(
        (r) => r.url().includes(`/api/plugins/${PLUGIN_ID}/settings`) && r.request().method() === 'POST'
      );
      await appConfigPage.ctx.page.getByTestId(testIds.appConfig.submit).click();
      expect((await saved).ok()).toBe(true);
      await page.reload();
      await expect(page.getByTestId(testIds.appConfig.container)).toBeVisible();
    };
    await save('750');
    await expect(maxLines).toHaveValue('750');
    // Put the default back for the other specs.
    await save('1000');
    await expect(maxLines).toHaveValue('1000');
  });
});

import { gte } from '@grafana/plugin-e2e';
import { expect, test } from './fixtures';
import { LINK_TITLES, ROUTES } from '../src/constants';
import { DEMO_SERVICES } from './support/app';
import { MAY_FAIL_MOST, PAYMENTS_ALWAYS_ALERTS, PAYMENTS_DECLINE_RATE } from './support/demoFacts';
import { followCorrelateLink, menuItem } from './support/extensionLinks';
import { ui } from './support/locators';
import { DS, evaluatedRule, readinessTimeoutMs, waitFor, type AlertInstance } from './support/readiness';

/**
 * "Investigate alert in Correlate" against the provisioned rule (provisioning/alerting/rules.yaml):
 * on the rule page's "More" menu (AlertRuleMenu.tsx) and, where Grafana renders them, on an instance's
 * actions (AlertInstanceExtensionPoint.tsx). The demo's payments declines a share of its charges above
 * the rule's 5% at every moment (tests/support/demoFacts.ts), so it has an active instance. A decline
 * fails payments' server span only, not orders' (demo/src/shop.ts), but orders fails on every payments
 * 5xx and timeout, so over 30 minutes payments, orders and gateway fail about as often: the Services page
 * may list any of them first (demoFacts.ts MAY_FAIL_MOST, from the demo run with CI's settings).
 */
const RULE = { uid: 'correlate-high-error-rate', title: 'High Error Rate' };
const RULE_PAGE = `/alerting/grafana/${RULE.uid}/view`;
let payments: AlertInstance;

test.beforeAll(async () => {
  expect(PAYMENTS_ALWAYS_ALERTS, `payments declines ${PAYMENTS_DECLINE_RATE} of its charges`).toBe(true);
  test.setTimeout(readinessTimeoutMs() + 30_000);
  const [{ instances }] = await waitFor(evaluatedRule(RULE, 'payments'));
  payments = instances.find((i) => i.labels.service === 'payments')!;
});

test.describe('Alert links', () => {
  test('the rule page: a rule over every service opens the Services page on its metrics, most failing first', async ({
    page,
  }) => {
    await page.goto(RULE_PAGE);
    await page.getByRole('button', { name: 'More', exact: true }).click();
    const url = await followCorrelateLink(page, menuItem(page, LINK_TITLES.alert));
    expect(url.pathname).toBe(`/a/correlate-investigation-app/${ROUTES.Services}`);
    expect(url.searchParams.get('var-metrics')).toBe(DS.metrics);
    await expect(ui.services.row(page)).toHaveCount(DEMO_SERVICES.length);
    // Most failing first: one of the services the demo makes fail most, and payments listed.
    const first = (await ui.services.row(page).first().getByRole('link').innerText()).trim();
    expect(MAY_FAIL_MOST).toContain(first);
    await expect(ui.services.link(page, 'payments')).toBeVisible();
  });

  test('an instance: the errors of its service from 30 minutes before it became active', async ({
    page,
    grafanaVersion,
  }) => {
    await page.goto(RULE_PAGE);
    await page.getByRole('tab', { name: /^Instances/ }).click();
    const row = page.getByRole('row').filter({ hasText: 'payments' });
    await expect(row).toBeVisible();
    // grafana/grafana AlertInstanceExtensionPoint.tsx renders an IconButton "ellipsis-v" in the row, named
    // 'Actions' (t('alerting.alert-instance-extension-point.aria-label-actions'), from PR #77900 to 13.0)
    // or 'Alert instance actions' (the restore, PR #131328). 13.1 dropped the column (grafana#130562, open).
    const actions = row.getByRole('button', { name: /^(Actions|Alert instance actions)$/ });
    const shown = await actions.waitFor({ timeout: 15_000 }).then(
      () => true,
      () => false
    );
    // Required before 13.1; from 13.1 on the test runs as soon as Grafana renders the column again.
    test.skip(
      !shown && gte(grafanaVersion, '13.1.0'),
      'This Grafana renders no alert instance actions (grafana#130562)'
    );
    await actions.click();
    const url = await followCorrelateLink(page, menuItem(page, LINK_TITLES.alert));
    expect(url.pathname).toBe(`/a/correlate-investigation-app/${ROUTES.Errors}`);
    expect(url.searchParams.getAll('var-services')).toEqual(['payments']);
    expect(Math.abs(Number(url.searchParams.get('from')) - (payments.activeAtMs - 30 * 60_000))).toBeLessThan(1_000);
    await expect(ui.errors.logRow(page).first()).toContainText('payments');
    await expect(ui.errors.unknownService(page)).toHaveCount(0);
  });
});

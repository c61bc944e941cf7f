import { test } from '../support/demo';

test('dump', async ({ demo }) => {
  demo.page.on('console', (m) => m.text().startsWith('runQueries') && console.log(m.text()));
  await demo.open('/a/correlate-investigation-app/errors?from=now-1h&to=now');
  await demo.page.getByTestId('data-testid correlate-errors-log-row').first().waitFor({ timeout: 30000 });
  await demo.page.waitForTimeout(1000);
  console.log(JSON.stringify((await demo.dataRequests()).map((r) => [r.at, r.uid, r.queries.length])));
});

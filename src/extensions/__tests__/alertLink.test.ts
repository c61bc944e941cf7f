import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PLUGIN_ID } from '../../constants';
import {
  ZERO_TIME,
  alertInstanceContext,
  alertingRuleContext,
  legacyAlertInstanceContext,
  promAlertingRuleContext,
  type AlertInstance,
  type RulerGrafanaRule,
} from '../../test/mocks/extensionContexts';
import { changedLinkFromAlert, linkFromAlert } from '../alertLink';

const BASE = `/a/${PLUGIN_ID}`;
const NOW = Date.parse('2026-11-25T12:00:00Z');
const url = (path?: string) => new URL(path!, 'http://g');
const types: Record<string, string> = { 'correlate-mimir': 'prometheus', 'correlate-loki': 'loki' };
const dataSourceType = (uid: string) => types[uid];

/** The demo's provisioned rule, as Grafana's ruler API returns it after provisioning. */
function demoRule(): RulerGrafanaRule {
  const file = readFileSync(join(__dirname, '../../../provisioning/alerting/rules.yaml'), 'utf8');
  const rule = parseYaml(file).groups[0].rules[0];
  return {
    labels: rule.labels,
    annotations: rule.annotations,
    grafana_alert: { title: rule.title, uid: rule.uid, data: rule.data },
  };
}

/** The rule's annotations as rendered for one instance (the two template forms the demo uses). */
const rendered = (annotations: Record<string, string>, service: string) =>
  Object.fromEntries(
    Object.entries(annotations).map(([k, v]) => [
      k,
      v
        .replace(/\{\{ \.Labels\.service \| urlquery \}\}/g, encodeURIComponent(service))
        .replace(/\{\{ \.Labels\.service \}\}/g, service)
        .replace(/\{\{ humanizePercentage \.Values\.B\.Value \}\}/g, '7.5%'),
    ])
  );

function demoInstance(service: string, activeAt: string, state: AlertInstance['state'] = 'Alerting'): AlertInstance {
  const rule = demoRule();
  return {
    activeAt,
    state,
    value: "[ var='B' value=0.075 ]",
    labels: { alertname: rule.grafana_alert.title, grafana_folder: 'Correlate demo', service, ...rule.labels },
    annotations: rendered(rule.annotations!, service),
  };
}

describe('the demo rule (provisioning/alerting/rules.yaml)', () => {
  it('names Correlate as its plugin, so Grafana shows the rule link on its page', () => {
    // Grafana lists a rule's plugin links only from the plugin its __grafana_origin label names.
    expect(demoRule().labels?.__grafana_origin).toBe(`plugin/${PLUGIN_ID}`);
  });

  it('links from the rule page to every service ranked by failures, with the rule’s metrics source', () => {
    const link = url(linkFromAlert(alertingRuleContext(demoRule()), { dataSourceType, now: NOW }));
    expect(link.pathname).toBe(`${BASE}/services`);
    expect(Object.fromEntries(link.searchParams)).toEqual({
      from: 'now-1h',
      to: 'now',
      'var-metrics': 'correlate-mimir',
    });
  });

  it('still links from the rule page when Grafana cannot say what its data source is', () => {
    const link = url(linkFromAlert(alertingRuleContext(demoRule()), { now: NOW }));
    expect(link.pathname).toBe(`${BASE}/errors`);
    expect(link.searchParams.get('from')).toBe('now-1h');
  });

  it.each([
    ['the flat instance context (the restore, grafana PR #131328)', alertInstanceContext],
    ['the 12.4 instance context (whole rule object)', legacyAlertInstanceContext],
  ])('links a firing instance to its service’s errors from 30 minutes before it fired (%s)', (_label, build) => {
    const context = build(demoRule(), demoInstance('payments', '2026-11-25T11:40:00Z'));
    const link = url(linkFromAlert(context, { dataSourceType, now: NOW }));
    expect(link.pathname).toBe(`${BASE}/errors`);
    expect(link.searchParams.getAll('var-services')).toEqual(['payments']);
    expect(link.searchParams.get('from')).toBe(String(Date.parse('2026-11-25T11:10:00Z')));
    expect(link.searchParams.get('to')).toBe('now');
  });

  it('treats a Normal instance’s zero activeAt as no time, not as the year 1', () => {
    const context = alertInstanceContext(demoRule(), demoInstance('orders', ZERO_TIME, 'Normal'));
    const link = url(linkFromAlert(context, { now: NOW }));
    expect(link.searchParams.getAll('var-services')).toEqual(['orders']);
    expect([link.searchParams.get('from'), link.searchParams.get('to')]).toEqual(['now-1h', 'now']);
  });
});

describe('the service of an alert', () => {
  const rule = (expr: string, uid = 'correlate-mimir', extra: Partial<RulerGrafanaRule> = {}): RulerGrafanaRule => ({
    grafana_alert: {
      title: 'Errors',
      uid: 'r1',
      data: [
        { refId: 'A', datasourceUid: uid, model: { refId: 'A', expr } },
        { refId: 'B', datasourceUid: '__expr__', model: { refId: 'B', type: 'threshold', expression: 'A' } },
      ],
    },
    ...extra,
  });
  const servicesOf = (path?: string) => url(path).searchParams.getAll('var-services');

  it.each([
    ['service="x"', 'sum(rate(calls{service="checkout", status="error"}[5m]))', ['checkout']],
    ['service_name="x"', 'sum(count_over_time({service_name="orders"} |= "error" [5m]))', ['orders']],
    [
      'job="namespace/x"',
      'sum(rate(http_server_request_duration_seconds_count{job="shop/payments"}[5m]))',
      ['payments'],
    ],
    ['service=~"a|b"', 'sum(rate(calls{service=~"gateway|orders"}[5m]))', ['gateway', 'orders']],
  ])('reads it from the rule’s query: %s', (_label, expr, expected) => {
    expect(servicesOf(linkFromAlert(alertingRuleContext(rule(expr)), { dataSourceType }))).toEqual(expected);
  });

  it('reads it from a data source rule’s expression text', () => {
    const context = promAlertingRuleContext({ name: 'Errors', query: 'rate(calls{service="inventory"}[5m]) > 1' });
    expect(servicesOf(linkFromAlert(context))).toEqual(['inventory']);
  });

  it('reads it from a service annotation or a rendered Correlate link in an annotation', () => {
    const base = rule('sum(rate(calls[5m]))');
    expect(servicesOf(linkFromAlert(alertingRuleContext({ ...base, annotations: { service: 'payments' } })))).toEqual([
      'payments',
    ]);
    const instance: AlertInstance = {
      activeAt: ZERO_TIME,
      state: 'Normal',
      value: '',
      labels: { alertname: 'Errors' },
      annotations: { runbook: `https://grafana.example${BASE}/services/inventory?from=now-1h&to=now` },
    };
    expect(servicesOf(linkFromAlert(alertInstanceContext(base, instance)))).toEqual(['inventory']);
  });

  it('prefers the instance’s labels to the query, and takes the service out of an OTLP job', () => {
    const instance: AlertInstance = {
      activeAt: '2026-11-25T11:00:00Z',
      state: 'Alerting',
      value: '',
      labels: { job: 'shop/gateway' },
      annotations: {},
    };
    const context = alertInstanceContext(rule('rate(calls{service="orders"}[5m])'), instance);
    expect(servicesOf(linkFromAlert(context, { now: NOW }))).toEqual(['gateway']);
  });

  it('opens the errors of every service for a Loki rule without one, with its Loki source', () => {
    const link = url(
      linkFromAlert(alertingRuleContext(rule('sum(count_over_time({level="error"}[5m]))', 'correlate-loki')), {
        dataSourceType,
      })
    );
    expect(link.pathname).toBe(`${BASE}/errors`);
    expect(link.searchParams.get('var-loki')).toBe('correlate-loki');
    expect(link.searchParams.has('var-services')).toBe(false);
  });

  it('takes the data source type from the query model when the rule carries it', () => {
    const r = rule('{service_name="orders"}', 'lk');
    r.grafana_alert.data[0].model.datasource = { type: 'loki', uid: 'lk' };
    expect(url(linkFromAlert(alertingRuleContext(r))).searchParams.get('var-loki')).toBe('lk');
  });
});

describe('odd alert contexts', () => {
  const instance = (over: Partial<AlertInstance>): AlertInstance => ({
    activeAt: '2026-11-25T11:00:00Z',
    state: 'Alerting',
    value: '',
    labels: { service: 'orders' },
    annotations: {},
    ...over,
  });

  it.each([
    ['in the future', '2026-11-28T00:00:00Z'],
    ['before 2000', '1970-01-01T00:00:00Z'],
    ['not a time', 'yesterday'],
    ['empty', ''],
  ])('ignores an activeAt %s', (_label, activeAt) => {
    const link = url(linkFromAlert(alertInstanceContext(undefined, instance({ activeAt })), { now: NOW }));
    expect([link.searchParams.get('from'), link.searchParams.get('to')]).toEqual(['now-1h', 'now']);
  });

  it.each([
    ['no context', undefined],
    ['an empty object', {}],
    ['an instance with nothing to go on', alertInstanceContext(undefined, instance({ labels: {} }))],
    [
      'an alert on something Correlate cannot show',
      promAlertingRuleContext({
        name: 'Disk full',
        query: 'node_filesystem_avail_bytes < 1e9',
        labels: { team: 'ops' },
      }),
    ],
    ['labels that are not an object', { instance: { labels: 'service=orders', activeAt: 5 } }],
    ['a service label that is not text', { instance: { labels: { service: 42 } } }],
    ['a templated service annotation', { instance: { labels: {}, annotations: { service: '{{ $labels.service }}' } } }],
  ])('gives no link for %s', (_label, context) => {
    expect(linkFromAlert(context, { now: NOW })).toBeUndefined();
  });

  it('survives an expression that is huge or broken JSON, and template-variable uids', () => {
    const huge = { name: 'x', expression: '[' + '{"a":'.repeat(200_000), labels: { service: 'orders' } };
    expect(url(linkFromAlert(huge)).searchParams.getAll('var-services')).toEqual(['orders']);
    const templated = {
      name: 'x',
      expression: JSON.stringify([{ refId: 'A', datasourceUid: '${ds}', model: { expr: 'up{service="a"}' } }]),
      labels: {},
    };
    expect(url(linkFromAlert(templated, { dataSourceType: () => 'prometheus' })).searchParams.has('var-metrics')).toBe(
      false
    );
    expect(linkFromAlert({ name: 'x', expression: '[null, 3, {"datasourceUid": 7}]', labels: {} })).toBeUndefined();
  });
});

describe('What changed before this alert', () => {
  it('compares the half hour around a firing instance with the half hour before, for its service', () => {
    const context = alertInstanceContext(demoRule(), demoInstance('payments', '2026-11-25T11:40:00Z'));
    const link = url(changedLinkFromAlert(context, { dataSourceType, now: NOW }));
    expect(link.pathname).toBe(`${BASE}/changed`);
    expect(Object.fromEntries(link.searchParams)).toEqual({
      from: String(Date.parse('2026-11-25T11:25:00Z')),
      to: String(Date.parse('2026-11-25T11:55:00Z')),
      'var-services': 'payments',
    });
  });

  it('ends at now for an instance that fired less than 15 minutes ago, and uses the last 30 minutes without a time', () => {
    const recent = alertInstanceContext(demoRule(), demoInstance('orders', '2026-11-25T11:55:00Z'));
    expect(url(changedLinkFromAlert(recent, { now: NOW })).searchParams.get('to')).toBe(String(NOW));
    const normal = alertInstanceContext(demoRule(), demoInstance('orders', ZERO_TIME, 'Normal'));
    const link = url(changedLinkFromAlert(normal, { now: NOW }));
    expect([link.searchParams.get('from'), link.searchParams.get('to')]).toEqual(['now-30m', 'now']);
  });

  it('compares every service for a rule watching them all, and gives no link for what Correlate cannot show', () => {
    const link = url(changedLinkFromAlert(alertingRuleContext(demoRule()), { dataSourceType, now: NOW }));
    expect(link.pathname).toBe(`${BASE}/changed`);
    expect(link.searchParams.getAll('var-services')).toEqual([]);
    expect(
      changedLinkFromAlert({
        name: 'Disk full',
        labels: { host: 'db1' },
        expression: 'node_filesystem_avail_bytes < 1e9',
      })
    ).toBeUndefined();
    expect(changedLinkFromAlert(undefined)).toBeUndefined();
    expect(changedLinkFromAlert('not a context')).toBeUndefined();
  });
});

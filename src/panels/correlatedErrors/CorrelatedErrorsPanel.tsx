import React, { useEffect, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { LoadingState, type GrafanaTheme2, type PanelProps } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import { Alert, LoadingPlaceholder, Sparkline, Text, TextLink, useStyles2, useTheme2 } from '@grafana/ui';
import { messageOf } from '../../correlation/errorSignature';
import { testIds } from '../../testIds';
import { nameList, shortServiceName, shorten } from '../../shared/displayText';
import { LongText } from '../../shared/LongText';
import { countText, plural } from '../../shared/figures';
import { sparklineOf } from '../../shared/sparkline';
import { timeText } from '../../shared/time';
import { normalizeOptions, servicesFromVariable, type CorrelatedErrorsOptions } from './options';
import type { PanelContent } from './panelData';
import { lineLink, signatureLink } from './panelLinks';
import { loadPanel, panelSampleNote } from './loadPanel';
import type { LineCoverage } from '../../correlation/topErrorServices';

type State = {
  status: LoadingState;
  content?: PanelContent;
  error?: string;
  lokiUid?: string;
  coverage?: LineCoverage;
};

/**
 * The "Correlated errors" panel: error trend, top signatures and the newest lines with their trace
 * ids, for the dashboard's time range, refresh and variables. Every click opens Correlate.
 */
export default function CorrelatedErrorsPanel({
  options,
  timeRange,
  timeZone,
  replaceVariables,
  height,
}: PanelProps<CorrelatedErrorsOptions>) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const settings = useMemo(() => normalizeOptions(options), [options]);
  const variableValue = settings.servicesVariable
    ? replaceVariables(`\${${settings.servicesVariable}:json}`)
    : undefined;
  const services = useMemo(
    () =>
      settings.servicesVariable
        ? servicesFromVariable(variableValue ?? '', settings.servicesVariable)
        : settings.services,
    [settings, variableValue]
  );
  const [state, setState] = useState<State>({ status: LoadingState.Loading });
  // Messages are read once per response, not on every render.
  const messages = useMemo(() => (state.content?.rows ?? []).map((row) => messageOf(row.line)), [state.content]);
  const fromMs = timeRange.from.valueOf();
  const toMs = timeRange.to.valueOf();

  useEffect(() => {
    if (!services) {
      return;
    }
    // While a refresh runs the previous content stays on screen; the response replaces it.
    let cancelled = false;
    const run = async () => {
      const ds = await getDataSourceSrv().get(
        settings.lokiUid ? { uid: settings.lokiUid } : ({ type: 'loki' } as never)
      );
      const { content, error, coverage } = await loadPanel(ds as never, {
        services,
        levels: settings.levels,
        lines: settings.lines,
        timeRange,
      });
      return { ds: ds.uid, content, error, coverage };
    };
    run().then(
      ({ ds, content, error, coverage }) =>
        !cancelled &&
        setState({ status: error ? LoadingState.Error : LoadingState.Done, content, error, lokiUid: ds, coverage }),
      (err: unknown) =>
        !cancelled &&
        setState({
          status: LoadingState.Error,
          error: (err as { message?: string })?.message ?? 'The Loki data source failed.',
        })
    );
    return () => {
      cancelled = true;
    };
    // timeRange is read through fromMs/toMs: a refresh gives new values, a re-render does not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [services, settings, fromMs, toMs]);

  if (!services) {
    return (
      <Alert severity="warning" title="Unknown dashboard variable" data-testid={testIds.panel.message}>
        {`This dashboard has no variable "${settings.servicesVariable}". Add it, or clear "Services variable" in the panel options.`}
      </Alert>
    );
  }
  if (state.status === LoadingState.Error && !state.content?.rows.length) {
    return (
      <Alert severity="error" title="Loki could not answer" data-testid={testIds.panel.message}>
        {`${state.error}. Check the panel's Loki data source.`}
      </Alert>
    );
  }
  if (!state.content) {
    return <LoadingPlaceholder text="Loading errors…" />;
  }
  const { rows, signatures, trend, total } = state.content;
  const range = { from: fromMs, to: toMs };
  const dataSources = { loki: state.lokiUid };
  const note = panelSampleNote(Math.min(rows.length, settings.lines), total, state.coverage);
  if (rows.length === 0 && total === 0) {
    return (
      <div data-testid={testIds.panel.empty} className={styles.empty}>
        <Text color="secondary">
          {services.length
            ? `No errors from ${nameList(services)} in this time range.`
            : 'No errors in this time range.'}
        </Text>
      </div>
    );
  }
  return (
    <div className={styles.panel} style={{ maxHeight: height }} data-testid={testIds.panel.container}>
      <div className={styles.trend}>
        <Text element="span" weight="bold">
          {plural(total, 'error')}
        </Text>
        {trend.counts.length > 1 && (
          <Sparkline
            width={200}
            height={28}
            theme={theme}
            sparkline={sparklineOf(trend.times, trend.counts, {
              min: 0,
              color: { mode: 'fixed', fixedColor: 'red' },
            } as never)}
          />
        )}
      </div>
      <ul className={styles.list} data-testid={testIds.panel.signatures}>
        {signatures.slice(0, settings.signatures).map((s) => (
          // The signature as the Errors page and What changed write it, its count apart.
          <li key={s.fingerprint} className={styles.signature}>
            <span className={styles.count}>{countText(s.count)}</span>
            <TextLink
              href={signatureLink(s, { range, services, dataSources })}
              inline={false}
              title={`Newest: ${shorten(s.example, 300)}`}
              data-testid={testIds.panel.signature}
            >
              {shorten(s.fingerprint, 300)}
            </TextLink>
          </li>
        ))}
      </ul>
      {note && (
        <Text color="secondary" variant="bodySmall" data-testid={testIds.panel.sample}>
          {note}
        </Text>
      )}
      <ul className={styles.list} data-testid={testIds.panel.lines}>
        {rows.slice(0, settings.lines).map((row, i) => {
          const href = lineLink(row, { range, dataSources });
          const time = timeText(row.timeMs, timeZone);
          return (
            <li key={row.id ?? i} className={styles.line}>
              <span className={styles.head}>
                <span className={styles.time}>{time}</span>
                {/* The service in the text colour, the message the link: they never read as one. */}
                <span className={styles.service}>{shortServiceName(row.service ?? '')}</span>
                <LongText
                  short={messages[i]}
                  full={row.line}
                  wrap={(shown) =>
                    href ? (
                      <TextLink href={href} inline={false} data-testid={testIds.panel.line}>
                        {shown}
                      </TextLink>
                    ) : (
                      <span title="No trace id in this line">{shown}</span>
                    )
                  }
                />
              </span>
              <Text color="secondary" variant="bodySmall">
                {row.traceId ?? 'no trace id'}
              </Text>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  panel: css({ overflow: 'auto', display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  trend: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1) }),
  list: css({ listStyle: 'none', margin: 0, padding: 0 }),
  // One font for every line, with or without a trace id; figures in even widths so times align.
  line: css({ display: 'flex', flexDirection: 'column', padding: theme.spacing(0.25, 0) }),
  head: css({ display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', columnGap: theme.spacing(1) }),
  time: css({ color: theme.colors.text.secondary, fontVariantNumeric: 'tabular-nums' }),
  service: css({ color: theme.colors.text.primary, fontWeight: theme.typography.fontWeightMedium }),
  signature: css({ display: 'flex', gap: theme.spacing(1), alignItems: 'baseline' }),
  count: css({
    minWidth: '4ch',
    textAlign: 'right',
    fontVariantNumeric: 'tabular-nums',
    color: theme.colors.text.secondary,
  }),
  empty: css({ display: 'flex', alignItems: 'center', justifyContent: 'center', height: '100%' }),
});

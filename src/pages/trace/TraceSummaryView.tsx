import React from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, LinkButton, LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';
import type { LargeTraceInfo, TracePartial, TraceSummary } from '../../correlation/traceSummary';
import { MAX_LINE_SHOWN, nameList, shortServiceName, shorten } from '../../shared/displayText';
import { stackedTable } from '../../shared/phoneLayout';
import { testIds } from '../../testIds';
import type { TraceStatus } from './TraceInvestigation';

interface Props {
  traceId: string;
  status: TraceStatus;
  error?: string;
  summary?: TraceSummary;
  hasTimeHint: boolean;
  /** Explore with this trace, offered when the trace is too large to load here. */
  exploreUrl?: string;
}

// A trace may hold thousands of failing spans and services: the summary lists the first ones.
const MAX_ERROR_SPANS_LISTED = 50;
const MAX_SERVICES_LISTED = 20;
const CELL_CHARS = 300;

const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${Math.round(n)} ms`);

/** What the on-call engineer is told about a trace with spans missing, and what fixes it. */
export function partialNotice(partial: TracePartial): { title: string; text: string } {
  const parents =
    partial.missingParents > 0
      ? `${partial.missingParents.toLocaleString('en-US')} ${partial.missingParents === 1 ? 'span names a parent' : 'spans name a parent'} that is not in this trace.`
      : '';
  if (partial.byTempo) {
    return {
      title: 'Partial trace: Tempo returned only part of it',
      text: [
        `Tempo: ${partial.tempoMessage ?? 'a partial trace is returned'}.`,
        parents,
        'The failing span named here is the deepest among the spans Tempo kept; where the error started may be in the part that is missing. Check the logs and metrics of the services below. To keep traces this large, raise max_bytes_per_trace in Tempo’s overrides.',
      ]
        .filter(Boolean)
        .join(' '),
    };
  }
  return {
    title: 'Partial trace: spans are missing',
    text: `${parents} The missing spans may still be arriving, or were dropped or sampled out. The failing span named here is from the spans Tempo has; reload in a minute, and check the logs of the services below.`,
  };
}

const mb = (bytes: number) => `${(bytes / 1_000_000).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`;

/** What the on-call engineer is told about a trace too large to load, and what the summary rests on. */
export function largeNotice(large: LargeTraceInfo): { title: string; text: string } {
  const errors = large.errorSearchFailed
    ? `Its failing spans could not be read (${large.errorSearchFailed}), so no root cause is named.`
    : large.errorSpansRead < large.errorSpansTotal
      ? `The failing span named here is the deepest of the ${large.errorSpansRead.toLocaleString('en-US')} failing spans Tempo returned (of ${large.errorSpansTotal.toLocaleString('en-US')}).`
      : 'The failing span named here is the deepest of its failing spans, read without the spans around them.';
  return {
    title: `This trace has ${large.spans.toLocaleString('en-US')} spans; the trace view is not loaded`,
    text: [
      `Tempo would send about ${mb(large.estimatedBytes)}. Open it in Explore to see every span.`,
      errors,
      'A trace this large may also have been cut by Tempo (max_bytes_per_trace, 5 MB by default).',
    ].join(' '),
  };
}

/** The summary at the top of the trace investigation: what failed, where, and how long it took. */
export function TraceSummaryView({ traceId, status, error, summary, hasTimeHint, exploreUrl }: Props) {
  // Cards on a phone: see stackedTable.
  const tableClass = useStyles2(stackedTable);
  const styles = useStyles2(getStyles);
  if (status === 'loading') {
    return <LoadingPlaceholder text={`Loading trace ${traceId}…`} data-testid={testIds.trace.summaryLoading} />;
  }
  if (status === 'unreadable') {
    return (
      <Alert
        severity="warning"
        title="Correlate could not summarise this trace"
        data-testid={testIds.trace.summaryMessage}
      >
        {`Tempo sent trace ${traceId}, but Correlate could not read it (${error ?? 'unknown reason'}). The trace view below shows what Grafana can draw of it.`}{' '}
        {hasTimeHint
          ? 'The logs of this trace and the metrics of the log line’s service for the log time are still shown below.'
          : 'Open the trace from a log line to see the logs and metrics around the log time.'}
      </Alert>
    );
  }
  if (status === 'missing' || status === 'error') {
    const title = status === 'missing' ? 'Tempo does not have this trace' : 'The trace could not be loaded';
    return (
      <Alert severity="warning" title={title} data-testid={testIds.trace.summaryMessage}>
        {status === 'missing'
          ? `Trace ${traceId} was not found: it may have been sampled out, or be older than Tempo's retention.`
          : `Tempo answered: ${error ?? 'an unknown error'}. Check the Tempo data source.`}{' '}
        {hasTimeHint
          ? 'The logs of this trace and the metrics of the log line’s service for the log time are still shown below.'
          : 'Open the trace from a log line to see the logs and metrics around the log time.'}
      </Alert>
    );
  }
  if (!summary) {
    return null;
  }
  const cause = summary.rootCause;
  const notice = summary.partial && partialNotice(summary.partial);
  const large = summary.large && largeNotice(summary.large);
  const failingCount = Math.max(summary.errorSpans.length, summary.large?.errorSpansTotal ?? 0);
  return (
    <section data-testid={testIds.trace.summary}>
      <Stack direction="column" gap={1}>
        <Stack direction="row" gap={2} wrap="wrap" alignItems="center">
          <Text element="h2">
            {summary.root ? `${shortServiceName(summary.root.service)}: ${shorten(summary.root.name, 200)}` : traceId}
          </Text>
          <Badge text={ms(summary.durationMs)} color="blue" />
          <Badge
            text={failingCount ? `${failingCount.toLocaleString('en-US')} failing spans` : 'no failing spans'}
            color={failingCount ? 'red' : 'green'}
          />
        </Stack>
        <Text color="secondary">{`Services: ${nameList(summary.services, MAX_SERVICES_LISTED)}`}</Text>
        {notice && (
          <Alert severity="warning" title={notice.title} data-testid={testIds.trace.partial}>
            {notice.text}
          </Alert>
        )}
        {large && (
          <Alert severity="info" title={large.title} data-testid={testIds.trace.large}>
            <Stack direction="column" gap={1}>
              <span>{large.text}</span>
              {exploreUrl && (
                <div>
                  <LinkButton href={exploreUrl} size="sm" variant="secondary" icon="compass">
                    Open in Explore
                  </LinkButton>
                </div>
              )}
            </Stack>
          </Alert>
        )}
        {cause && (
          <Alert
            severity="error"
            title={`Failed first in ${shortServiceName(cause.service)}: ${shorten(cause.name, 200)}${notice ? ' (from a partial trace)' : large ? ' (from its failing spans only)' : ''}`}
            data-testid={testIds.trace.rootCause}
          >
            {shorten(
              [cause.statusMessage, cause.exceptionType && `${cause.exceptionType}: ${cause.exceptionMessage ?? ''}`]
                .filter(Boolean)
                .join(' — '),
              MAX_LINE_SHOWN
            ) || 'The span has error status without a message.'}
          </Alert>
        )}
        {summary.errorSpans.length > 0 && (
          <table className={cx(tableClass, styles.table)} data-testid={testIds.trace.errorSpans}>
            <thead>
              <tr>
                <th>Service</th>
                <th>Span</th>
                <th>Status message</th>
                <th>Exception</th>
              </tr>
            </thead>
            <tbody>
              {summary.errorSpans.slice(0, MAX_ERROR_SPANS_LISTED).map((s, i) => (
                <tr key={`${s.spanId}-${i}`}>
                  <td>{shortServiceName(s.service)}</td>
                  <td data-label="Span">{shorten(s.name, 200)}</td>
                  <td data-label="Status message">{shorten(s.statusMessage ?? '', CELL_CHARS)}</td>
                  <td data-label="Exception">
                    {s.exceptionType ? shorten(`${s.exceptionType}: ${s.exceptionMessage ?? ''}`, CELL_CHARS) : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {summary.errorSpans.length > MAX_ERROR_SPANS_LISTED && (
          <Text color="secondary" variant="bodySmall">
            {`The first ${MAX_ERROR_SPANS_LISTED} of ${summary.errorSpans.length} failing spans; ${summary.large ? 'Explore' : 'the trace view below'} has them all.`}
          </Text>
        )}
      </Stack>
    </section>
  );
}

/**
 * The failing spans as Grafana's tables look: padded cells, a rule under each row and a header in
 * the secondary colour, so neighbouring cells never read as one ("POST /checkoutorders...").
 */
const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    tableLayout: 'auto',
    'th, td': {
      textAlign: 'left',
      verticalAlign: 'top',
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      overflowWrap: 'anywhere',
    },
    th: {
      color: theme.colors.text.secondary,
      fontWeight: theme.typography.fontWeightMedium,
      whiteSpace: 'nowrap',
    },
  }),
});

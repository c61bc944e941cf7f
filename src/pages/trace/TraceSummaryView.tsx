import React from 'react';
import { Alert, Badge, LinkButton, LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import type { LargeTraceInfo, TracePartial, TraceSummary } from '../../correlation/traceSummary';
import { MAX_LINE_SHOWN, nameList, shortServiceName, shorten } from '../../shared/displayText';
import { countText, msText, plural } from '../../shared/figures';
import { testIds } from '../../testIds';
import { FailingSpansTable, MAX_ERROR_SPANS_LISTED } from './FailingSpansTable';
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

// A trace may name thousands of services: the summary lists the first ones.
const MAX_SERVICES_LISTED = 20;

/** What the on-call engineer is told about a trace with spans missing, and what fixes it. */
export function partialNotice(partial: TracePartial): { title: string; text: string } {
  const parents =
    partial.missingParents > 0
      ? `${countText(partial.missingParents)} ${partial.missingParents === 1 ? 'span names a parent' : 'spans name a parent'} that is not in this trace.`
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
      ? `The failing span named here is the deepest of the ${plural(large.errorSpansRead, 'failing span')} Tempo returned (of ${countText(large.errorSpansTotal)}).`
      : 'The failing span named here is the deepest of its failing spans, read without the spans around them.';
  return {
    title: `This trace has ${plural(large.spans, 'span')}; the trace view is not loaded`,
    text: [
      `Tempo would send about ${mb(large.estimatedBytes)}. Open it in Explore to see every span.`,
      errors,
      'A trace this large may also have been cut by Tempo (max_bytes_per_trace, 5 MB by default).',
    ].join(' '),
  };
}

/** The summary at the top of the trace investigation: what failed, where, and how long it took. */
export function TraceSummaryView({ traceId, status, error, summary, hasTimeHint, exploreUrl }: Props) {
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
          <Badge text={msText(summary.durationMs)} color="blue" />
          <Badge
            text={failingCount ? plural(failingCount, 'failing span') : 'no failing spans'}
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
        {summary.errorSpans.length > 0 && <FailingSpansTable spans={summary.errorSpans} />}
        {summary.errorSpans.length > MAX_ERROR_SPANS_LISTED && (
          <Text color="secondary" variant="bodySmall">
            {`The first ${MAX_ERROR_SPANS_LISTED} of ${plural(summary.errorSpans.length, 'failing span')}; ${summary.large ? 'Explore' : 'the trace view below'} has them all.`}
          </Text>
        )}
      </Stack>
    </section>
  );
}

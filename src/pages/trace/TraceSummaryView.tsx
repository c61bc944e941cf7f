import React from 'react';
import { Alert, Badge, LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import type { TraceSummary } from '../../correlation/traceSummary';
import { testIds } from '../../testIds';
import type { TraceStatus } from './TraceInvestigation';

interface Props {
  traceId: string;
  status: TraceStatus;
  error?: string;
  summary?: TraceSummary;
  hasTimeHint: boolean;
}

const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${Math.round(n)} ms`);

/** The summary at the top of the trace investigation: what failed, where, and how long it took. */
export function TraceSummaryView({ traceId, status, error, summary, hasTimeHint }: Props) {
  if (status === 'loading') {
    return <LoadingPlaceholder text={`Loading trace ${traceId}…`} data-testid={testIds.trace.summaryLoading} />;
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
  return (
    <section data-testid={testIds.trace.summary}>
      <Stack direction="column" gap={1}>
        <Stack direction="row" gap={2} wrap="wrap" alignItems="center">
          <Text element="h2">{summary.root ? `${summary.root.service}: ${summary.root.name}` : traceId}</Text>
          <Badge text={ms(summary.durationMs)} color="blue" />
          <Badge
            text={summary.errorSpans.length ? `${summary.errorSpans.length} failing spans` : 'no failing spans'}
            color={summary.errorSpans.length ? 'red' : 'green'}
          />
        </Stack>
        <Text color="secondary">{`Services: ${summary.services.join(', ')}`}</Text>
        {cause && (
          <Alert
            severity="error"
            title={`Failed first in ${cause.service}: ${cause.name}`}
            data-testid={testIds.trace.rootCause}
          >
            {[cause.statusMessage, cause.exceptionType && `${cause.exceptionType}: ${cause.exceptionMessage ?? ''}`]
              .filter(Boolean)
              .join(' — ') || 'The span has error status without a message.'}
          </Alert>
        )}
        {summary.errorSpans.length > 0 && (
          <table data-testid={testIds.trace.errorSpans}>
            <thead>
              <tr>
                <th>Service</th>
                <th>Span</th>
                <th>Status message</th>
                <th>Exception</th>
              </tr>
            </thead>
            <tbody>
              {summary.errorSpans.map((s) => (
                <tr key={s.spanId}>
                  <td>{s.service}</td>
                  <td>{s.name}</td>
                  <td>{s.statusMessage ?? ''}</td>
                  <td>{s.exceptionType ? `${s.exceptionType}: ${s.exceptionMessage ?? ''}` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Stack>
    </section>
  );
}

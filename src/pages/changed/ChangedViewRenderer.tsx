import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import type { SceneComponentProps } from '@grafana/scenes';
import { Alert, Text, useStyles2 } from '@grafana/ui';
import { causeLine } from '../../correlation/changes/causeText';
import { timeText } from '../../shared/time';
import { testIds } from '../../testIds';
import { ChangedHeader } from './ChangedHeader';
import type { ChangedView } from './ChangedView';
import { ChangesTable } from './ChangesTable';
import { HowCompared } from './HowCompared';
import { KINDS } from './kinds';
import { KindStatus } from './KindStatus';
import { Verdict } from './Verdict';
import { windowsText } from './windowsText';

/** What changed's page: the windows, what is still comparing or failed, the answer, the rows, how it was compared. */
export function ChangedViewRenderer({ model }: SceneComponentProps<ChangedView>) {
  const { windows, windowProblems, kinds, mode, services, traceId, trace } = model.useState();
  const styles = useStyles2(getStyles);
  const comparison = model.comparison();
  const { rows, outcome } = comparison;
  const done = KINDS.every((k) => kinds[k].status !== 'loading');
  const timeZone = model.timeZone();
  // Grafana's date format in the page's zone, as the windows above it.
  const cause = causeLine(comparison.analysis, (ms) => timeText(ms, timeZone));
  return (
    <div className={styles.page} data-testid={testIds.changed.page}>
      <ChangedHeader
        services={services}
        mode={mode}
        onMode={(v) => model.setMode(v)}
        summary={done ? () => model.summary() : undefined}
      />
      {windows && (
        <Text color="secondary" data-testid={testIds.changed.windows}>
          {windowsText(windows, timeZone)}
        </Text>
      )}
      {windowProblems.map((p) => (
        <Alert key={p} severity="info" title="The window was adjusted">
          {p}
        </Alert>
      ))}
      {traceId && trace && (
        <Text color="secondary">
          {trace.rootCause
            ? `Trace ${traceId}: likely root cause ${trace.rootCause}.`
            : `Trace ${traceId}: ${trace.error ?? 'no root cause found'}.`}
        </Text>
      )}
      {/* Still comparing, or not compared: said before the answer, which it qualifies. */}
      {KINDS.filter((id) => kinds[id].status !== 'done').map((id) => (
        <KindStatus key={id} id={id} state={kinds[id]} />
      ))}
      <Verdict cause={cause} outcome={outcome} rowCount={rows.length} />
      <ChangesTable rows={rows} urlOf={(row) => model.rowUrl(row)} />
      <HowCompared kinds={kinds} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1.5) }),
});

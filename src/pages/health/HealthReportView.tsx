import React from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import {
  Alert,
  Badge,
  LoadingPlaceholder,
  Stack,
  Text,
  TextLink,
  useStyles2,
  type BadgeColor,
  type IconName,
} from '@grafana/ui';
import type { CheckId, CheckResult, CheckState, HealthReport } from '../../correlation/health/types';
import { countText } from '../../shared/figures';
import { getTableStyles } from '../../shared/tableStyles';
import { testIds } from '../../testIds';

const STATE: Record<CheckState, { text: string; color: BadgeColor; icon: IconName }> = {
  ok: { text: 'OK', color: 'green', icon: 'check-circle' },
  degraded: { text: 'Degraded', color: 'orange', icon: 'exclamation-triangle' },
  broken: { text: 'Broken', color: 'red', icon: 'times-circle' },
  unknown: { text: 'Could not check', color: 'darkgrey', icon: 'question-circle' },
};

/** Text from a check, with `code` spans shown as code. Always plain text: names come from logs and metrics. */
export function Sentence({ text }: { text: string }) {
  const parts = text.split('`');
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? <code key={i}>{part}</code> : <React.Fragment key={i}>{part}</React.Fragment>
      )}
    </>
  );
}

export function stateOf(check: CheckResult): CheckState | 'pending' {
  return check.pending ? 'pending' : check.state;
}

function StateBadge({ check }: { check: CheckResult }) {
  if (check.pending) {
    return <Badge text="Checking…" color="blue" icon="fa fa-spinner" data-testid={testIds.health.state} />;
  }
  const s = STATE[check.state];
  return <Badge text={s.text} color={s.color} icon={s.icon} data-testid={testIds.health.state} />;
}

/** "2 broken · 1 degraded · 6 ok · 1 could not check" */
export function summaryText(report: HealthReport): string {
  const by = (state: CheckState) => report.checks.filter((c) => !c.pending && c.state === state).length;
  const pending = report.checks.filter((c) => c.pending).length;
  return [
    by('broken') && `${by('broken')} broken`,
    by('degraded') && `${by('degraded')} degraded`,
    `${by('ok')} ok`,
    by('unknown') && `${by('unknown')} could not check`,
    pending && `${pending} still checking`,
  ]
    .filter(Boolean)
    .join(' · ');
}

export function requestsText(report: HealthReport): string {
  const waves = new Set(report.requests.map((r) => r.wave)).size;
  return `${report.requests.length} requests in ${waves} wave${waves === 1 ? '' : 's'}`;
}

interface Props {
  report?: HealthReport;
  /** Why no report could be made at all. */
  error?: string;
  /** One line per check, no details (the config page and the exposed component). */
  compact?: boolean;
  selected?: CheckId;
  /** A check's own URL (its detail). */
  detailUrl?: (id: CheckId) => string;
  onSelect?: (id: CheckId | undefined) => void;
}

function CheckRow({ check, props }: { check: CheckResult; props: Props }) {
  const styles = useStyles2(getStyles);
  const table = useStyles2(getTableStyles);
  const open = props.selected === check.id;
  const url = props.detailUrl?.(check.id);
  return (
    <li
      className={styles.check}
      data-testid={testIds.health.check}
      data-check-id={check.id}
      data-state={stateOf(check)}
      id={`health-${check.id}`}
    >
      <div className={styles.head}>
        <StateBadge check={check} />
        <Text weight="medium">{check.title}</Text>
        <span className={styles.figure} data-testid={testIds.health.figure}>
          <Text color="secondary">
            <Sentence text={check.figure} />
          </Text>
        </span>
      </div>
      {!props.compact && check.cause && (
        <p className={styles.text} data-testid={testIds.health.cause}>
          <Sentence text={check.cause} />
        </p>
      )}
      {!props.compact && check.fix && (
        <p className={styles.text} data-testid={testIds.health.fix}>
          <strong>Fix: </strong>
          <Sentence text={check.fix} />
        </p>
      )}
      {!props.compact && (
        <Stack direction="row" gap={2}>
          {check.links.map((l) => (
            <TextLink key={l.url} href={l.url} inline={false}>
              {l.text}
            </TextLink>
          ))}
          {url && check.details.some((d) => d.rows.length > 0) && (
            <a
              href={url}
              className={styles.detailLink}
              data-testid={testIds.health.detailLink}
              aria-expanded={open}
              onClick={(e) => {
                if (props.onSelect && !e.metaKey && !e.ctrlKey) {
                  e.preventDefault();
                  props.onSelect(open ? undefined : check.id);
                }
              }}
            >
              {open ? 'Hide details' : 'Details'}
            </a>
          )}
        </Stack>
      )}
      {!props.compact && open && (
        <div data-testid={testIds.health.detail} className={styles.detail}>
          {check.details.map((g) =>
            g.rows.length === 0 ? null : (
              <table key={g.title} className={cx(table.table, styles.table)}>
                {/* The group's title heads its names: every column headed, above the rows (not a caption under them). */}
                <thead>
                  <tr>
                    <th>{g.title}</th>
                    <th>Measured</th>
                    <th>Note</th>
                  </tr>
                </thead>
                <tbody>
                  {g.rows.map((r, i) => (
                    <tr key={`${r.name}-${i}`} data-testid={testIds.health.detailRow} data-state={r.state}>
                      <td className={styles.name} title={r.name}>
                        {r.name}
                      </td>
                      <td>{r.figure}</td>
                      <td>
                        <Text color="secondary">{r.note ?? ''}</Text>
                      </td>
                    </tr>
                  ))}
                  {g.more > 0 && (
                    <tr>
                      <td colSpan={3}>
                        <Text color="secondary">{`… and ${countText(g.more)} more`}</Text>
                      </td>
                    </tr>
                  )}
                </tbody>
              </table>
            )
          )}
        </div>
      )}
    </li>
  );
}

/** A health report: a summary line, then each check with its state, figure, cause, fix and links. */
export function HealthReportView(props: Props) {
  const styles = useStyles2(getStyles);
  const { report, error } = props;
  if (error) {
    return (
      <Alert severity="error" title="The health checks could not run" data-testid={testIds.health.error}>
        {error}
      </Alert>
    );
  }
  if (!report) {
    return (
      <div data-testid={testIds.health.loading}>
        <LoadingPlaceholder text="Checking the wiring…" />
      </div>
    );
  }
  return (
    <div data-testid={testIds.health.report} data-complete={String(report.complete)}>
      <Stack direction="row" gap={2} alignItems="baseline">
        <span data-testid={testIds.health.summary}>
          <Text weight="medium">{summaryText(report)}</Text>
        </span>
        <span data-testid={testIds.health.requests}>
          <Text color="secondary">{requestsText(report)}</Text>
        </span>
      </Stack>
      <ul className={styles.list}>
        {report.checks.map((check) => (
          <CheckRow key={check.id} check={check} props={props} />
        ))}
      </ul>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({ listStyle: 'none', padding: 0, margin: theme.spacing(1, 0) }),
  check: css({
    padding: theme.spacing(1, 0),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
  }),
  head: css({ display: 'flex', gap: theme.spacing(1), alignItems: 'baseline', flexWrap: 'wrap' }),
  figure: css({ overflowWrap: 'anywhere' }),
  text: css({ margin: theme.spacing(0.5, 0, 0.5, 2), maxWidth: '120ch', overflowWrap: 'anywhere' }),
  detailLink: css({ color: theme.colors.text.link }),
  detail: css({ margin: theme.spacing(1, 0, 0, 2) }),
  table: css({ width: 'auto', marginBottom: theme.spacing(1), td: { padding: theme.spacing(0.25, 1) } }),
  name: css({ maxWidth: '40ch', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }),
});

import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { plural } from '../../shared/figures';
import { testIds } from '../../testIds';
import { KINDS } from './kinds';
import { KindStatus } from './KindStatus';
import type { KindId, KindState } from './loadTypes';

/**
 * How each kind was compared, folded away under the answer: the data sources' fallbacks and their reasons
 * are for whoever sets Loki and Tempo up, not for the on-call engineer reading the result.
 */
export function HowCompared({ kinds }: { kinds: Record<KindId, KindState> }) {
  const styles = useStyles2(getStyles);
  const done = KINDS.filter((k) => kinds[k].status === 'done');
  if (done.length === 0) {
    return null;
  }
  const fallbacks = done.filter((k) => kinds[k].method?.fallback).length;
  return (
    <details className={styles.how} data-testid={testIds.changed.method}>
      <summary>{`How this was compared${fallbacks ? ` (${plural(fallbacks, 'fallback')})` : ''}`}</summary>
      <div className={styles.howBody}>
        {done.map((id) => (
          <KindStatus key={id} id={id} state={kinds[id]} />
        ))}
      </div>
    </details>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  how: css({
    color: theme.colors.text.secondary,
    summary: { cursor: 'pointer', width: 'fit-content' },
  }),
  howBody: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), marginTop: theme.spacing(1) }),
});

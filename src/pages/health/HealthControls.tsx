import React from 'react';
import { css } from '@emotion/css';
import type { DataSourceInstanceSettings, GrafanaTheme2, TimeRange } from '@grafana/data';
import { DataSourcePicker } from '@grafana/runtime';
import { InlineField, RefreshPicker, TimeRangePicker, useStyles2 } from '@grafana/ui';
import { SIGNAL_PLUGIN_ID, type SignalKind } from '../../settings/dataSources';
import { shiftedRange, SIGNALS, zoomedOutRange } from './healthUrlState';

const LABELS: Record<SignalKind, string> = { loki: 'Loki', tempo: 'Tempo', metrics: 'Metrics' };

interface Props {
  uids: Record<SignalKind, string>;
  range: TimeRange;
  timeZone: string;
  onDataSource: (kind: SignalKind, uid: string) => void;
  onRange: (range: TimeRange) => void;
  onTimeZone: (timeZone: string) => void;
  onRefresh: () => void;
}

/**
 * The Health page's controls, laid out as a Scenes page's (EmbeddedScene's controls row: the data
 * source pickers, a spacer, the time range picker and the refresh button): one picker per signal,
 * offering that type only as the Scenes pages' DataSourceVariable does (its `pluginId`).
 */
export function HealthControls({ uids, range, timeZone, onDataSource, onRange, onTimeZone, onRefresh }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.controls}>
      {SIGNALS.map((kind) => (
        <InlineField key={kind} label={LABELS[kind]} htmlFor={`correlate-health-${kind}`}>
          <DataSourcePicker
            inputId={`correlate-health-${kind}`}
            pluginId={SIGNAL_PLUGIN_ID[kind]}
            current={uids[kind] || null}
            noDefault
            variables={false}
            width={24}
            placeholder={`Pick a ${LABELS[kind]} data source`}
            onChange={(ds: DataSourceInstanceSettings) => onDataSource(kind, ds.uid)}
          />
        </InlineField>
      ))}
      <div className={styles.spacer} />
      <TimeRangePicker
        isOnCanvas
        value={range}
        timeZone={timeZone}
        onChange={onRange}
        onChangeTimeZone={onTimeZone}
        onMoveBackward={() => onRange(shiftedRange(range, -1))}
        onMoveForward={() => onRange(shiftedRange(range, 1))}
        onZoom={() => onRange(zoomedOutRange(range))}
      />
      <RefreshPicker isOnCanvas noIntervalPicker onRefresh={onRefresh} onIntervalChanged={() => undefined} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  controls: css({ display: 'flex', gap: theme.spacing(2), alignItems: 'flex-end', flexWrap: 'wrap' }),
  spacer: css({ flexGrow: 1 }),
});

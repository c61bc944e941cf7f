import { dateTime } from '@grafana/data';
import { healthUrl } from '../../../app/urls';
import { DATA_SOURCES, SETTINGS } from '../../../correlation/health/__tests__/scenarios';
import { DEFAULT_SETTINGS } from '../../../settings/types';
import { DS_VARIABLES } from '../../../shared/dataSourceVariables';
import { installFakeRuntime } from '../../../test/mocks/grafanaRuntime';
import {
  DS_URL_KEYS,
  healthDataSources,
  initialUrlUpdate,
  rangeUrlValues,
  readHealthUrl,
  shiftedRange,
  timeRangeOf,
  validTimeZone,
  zoomedOutRange,
} from '../healthUrlState';

const read = (query: string, settings = SETTINGS) => readHealthUrl(new URLSearchParams(query), settings);

beforeEach(() => installFakeRuntime({ respond: () => [], dataSources: DATA_SOURCES }));

describe('the Health page’s URL', () => {
  it('uses the Scenes pages’ data source variable keys', () => {
    expect(DS_URL_KEYS).toEqual({
      loki: `var-${DS_VARIABLES.loki}`,
      tempo: `var-${DS_VARIABLES.tempo}`,
      metrics: `var-${DS_VARIABLES.metrics}`,
    });
  });

  it('reads what healthUrl writes', () => {
    const url = healthUrl({
      range: { from: 'now-6h', to: 'now' },
      check: 'tempo-traces',
      dataSources: { loki: 'l', tempo: 't', metrics: 'm' },
    });
    expect(read(url.split('?')[1])).toEqual({
      from: 'now-6h',
      to: 'now',
      problems: [],
      uids: { loki: 'l', tempo: 't', metrics: 'm' },
      check: 'tempo-traces',
      timeZone: undefined,
    });
  });

  it('without parameters: the last hour and the configured data sources, or the instance’s defaults', () => {
    expect(read('')).toMatchObject({
      from: 'now-1h',
      to: 'now',
      uids: { loki: 'correlate-loki', tempo: 'correlate-tempo', metrics: 'correlate-mimir' },
    });
    expect(read('', DEFAULT_SETTINGS).uids).toEqual({
      loki: 'correlate-loki',
      tempo: 'correlate-tempo',
      metrics: 'correlate-mimir',
    });
    installFakeRuntime({ respond: () => [], dataSources: [] });
    expect(read('', DEFAULT_SETTINGS).uids).toEqual({ loki: '', tempo: '', metrics: '' });
  });

  it('bad values: a time that is not one and a reversed range are named; an unknown check or time zone is ignored', () => {
    const bad = read('from=yesterday-ish&to=now&check=%3Cscript%3E&timezone=Mars%2FOlympus');
    expect(bad).toMatchObject({ from: 'now-1h', to: 'now', check: undefined, timeZone: undefined });
    expect(bad.problems).toHaveLength(1);
    expect(bad.problems[0]).toContain('yesterday-ish');
    const reversed = read('from=now&to=now-2h');
    expect(reversed).toMatchObject({ from: 'now-2h', to: 'now' });
    expect(reversed.problems).toEqual([
      "The link's time range ends before it starts; it is shown the right way round.",
    ]);
    // Epoch milliseconds, as Grafana's links write them, become ISO text (as the Scenes pages' time range).
    expect(read('from=1700000000000&to=1700003600000')).toMatchObject({
      from: '2023-11-14T22:13:20.000Z',
      to: '2023-11-14T23:13:20.000Z',
      problems: [],
    });
    // A huge value is cut, not kept whole.
    expect(read(`var-loki=${'x'.repeat(10_000)}`).uids.loki).toHaveLength(200);
    expect(read('timezone=Europe%2FBerlin').timeZone).toBe('Europe/Berlin');
    expect(validTimeZone('browser')).toBe('browser');
    expect(validTimeZone('')).toBeUndefined();
  });

  it('a data source the URL names is used as it is; an empty one means none, with what to do', () => {
    const view = read('var-loki=gone&var-tempo=');
    expect(view.uids).toEqual({ loki: 'gone', tempo: '', metrics: 'correlate-mimir' });
    expect(healthDataSources(view)).toEqual({
      loki: { uid: 'gone' },
      tempo: { error: 'No Tempo data source: pick one above or in Correlate’s configuration.' },
      metrics: { uid: 'correlate-mimir' },
    });
  });

  it('on opening, writes only what the URL does not already say', () => {
    const bare = new URLSearchParams('check=loki');
    expect(initialUrlUpdate(bare, readHealthUrl(bare, SETTINGS))).toEqual({
      from: 'now-1h',
      to: 'now',
      'var-loki': 'correlate-loki',
      'var-tempo': 'correlate-tempo',
      'var-metrics': 'correlate-mimir',
    });
    const full = new URLSearchParams(healthUrl({ range: { from: 'now-1h', to: 'now' } }).split('?')[1]);
    full.set('var-loki', 'correlate-loki');
    full.set('var-tempo', 'correlate-tempo');
    full.set('var-metrics', 'correlate-mimir');
    expect(initialUrlUpdate(full, readHealthUrl(full, SETTINGS))).toEqual({});
    const bad = new URLSearchParams('from=soon&to=now&var-loki=a&var-tempo=t&var-metrics=m&var-loki=b');
    expect(initialUrlUpdate(bad, readHealthUrl(bad, SETTINGS))).toEqual({ from: 'now-1h', 'var-loki': 'a' });
  });

  it('the picker’s moves: half a window back or forth, zoom out around the middle, written as ISO text', () => {
    const range = timeRangeOf(
      { from: '2026-01-01T10:00:00.000Z', to: '2026-01-01T11:00:00.000Z', problems: [], uids: {} as never },
      'utc'
    );
    expect(rangeUrlValues(shiftedRange(range, -1))).toEqual({
      from: '2026-01-01T09:30:00.000Z',
      to: '2026-01-01T10:30:00.000Z',
    });
    expect(rangeUrlValues(shiftedRange(range, 1)).to).toBe('2026-01-01T11:30:00.000Z');
    expect(rangeUrlValues(zoomedOutRange(range))).toEqual({
      from: '2026-01-01T09:30:00.000Z',
      to: '2026-01-01T11:30:00.000Z',
    });
    const relative = timeRangeOf({ from: 'now-1h', to: 'now', problems: [], uids: {} as never }, 'browser');
    expect(relative.to.valueOf() - relative.from.valueOf()).toBe(3_600_000);
    expect(rangeUrlValues(relative)).toEqual({ from: 'now-1h', to: 'now' });
    const instant = dateTime(0);
    expect(zoomedOutRange({ from: instant, to: instant, raw: { from: instant, to: instant } }).to.valueOf()).toBe(
      15_000
    );
  });
});

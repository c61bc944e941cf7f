import { lastValueFrom, of } from 'rxjs';
import type { DataFrame } from '@grafana/data';
import { logRowsOfFrame } from '../../correlation/logRows';
import { LOKI_LAYOUTS, lokiFrame, lokiMetricFrame, type LokiRowFixture } from '../../test/mocks/lokiFrame';
import {
  searchHit,
  tempoSearchBackendFrame,
  tempoSearchStreamFrame,
  tempoStreamingProgressFrame,
} from '../../test/mocks/tempoFrame';
import { dedupeLogFrames, traceSearchTable } from '../frameFilters';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const BOTH: LokiRowFixture = {
  timeMs: 1000,
  tsNs: '1000000042',
  line: `level=error trace_id=${ID} msg="declined"`,
  labels: { service_name: 'payments' },
  structuredMetadata: { trace_id: ID },
};
const TEXT_ONLY: LokiRowFixture = {
  timeMs: 2000,
  line: `{"traceId":"${ID}","msg":"out of stock"}`,
  labels: { service_name: 'inventory' },
};

describe.each(LOKI_LAYOUTS)('dedupeLogFrames (Loki %s layout)', (layout) => {
  // Fails on a merge that only knows the `Line` field: the dataplane layout's entries came out twice.
  it('lists an entry both trace-log queries return once, keeping its nanoseconds', () => {
    const metadata = lokiFrame([BOTH], { refId: 'metadata', layout });
    const text = lokiFrame([TEXT_ONLY, BOTH], { refId: 'text', layout });
    const volume = lokiMetricFrame('volume', { service_name: 'payments' }, [[1000, 1]]);
    const out = dedupeLogFrames([metadata, volume, text]);
    expect(out).toHaveLength(2);
    expect(out[1]).toBe(volume);
    const rows = logRowsOfFrame(out[0]);
    expect(rows.map((r) => [r.tsNs, r.service])).toEqual([
      ['1000000042', 'payments'],
      ['2000000000', 'inventory'],
    ]);
    expect(out[0].length).toBe(2);
  });

  it('leaves a single logs frame as it is', () => {
    const only = [lokiFrame([BOTH], { layout })];
    expect(dedupeLogFrames(only)).toBe(only);
  });
});

describe('traceSearchTable', () => {
  const run = (frames: DataFrame[]) => lastValueFrom(traceSearchTable()({} as never)(of(frames)));

  it('keeps the search table whatever its refId, and drops the streaming progress', async () => {
    const hit = searchHit(ID, 'payments', 'POST /charge', 1000, 40);
    const streamed = tempoSearchStreamFrame([hit]);
    expect(await run([streamed, tempoStreamingProgressFrame(true, 12)])).toEqual([streamed]);
    const backend = tempoSearchBackendFrame('slowTraces', [hit]);
    expect(await run([backend])).toEqual([backend]);
    expect(await run([lokiFrame([BOTH])])).toEqual([]);
  });
});

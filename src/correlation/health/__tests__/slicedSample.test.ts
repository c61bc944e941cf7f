import { sampledLines, sampledLinesInSlices } from '../sampledLines';
import { check, devStack, runScenario } from './scenarios';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const frame = (lines: string[]) => ({
  refId: 'sample',
  fields: [
    { name: 'labels', values: lines.map(() => ({ service_name: 'orders' })) },
    { name: 'Time', values: lines.map((_, i) => 1_700_000_000_000 + i) },
    { name: 'Line', values: lines },
  ],
  length: lines.length,
});

/** A clock on which every reading is `stepMs` later: each line looks slow, on any machine. */
const slowClock = (stepMs: number) => {
  let t = 0;
  return () => (t += stepMs);
};

/** Health's sampled lines are read in slices within the page's budget (issue 25: one budget for the main thread). */
describe('sampledLinesInSlices', () => {
  it('reads the same lines as sampledLines when they fit the budget', async () => {
    const lines = [`trace_id=${ID}`, 'no id', `{"traceId":"${ID}"}`];
    const sliced = await sampledLinesInSlices([frame(lines)], new Set(['sample']), {});
    expect(sliced).toEqual({
      lines: sampledLines([frame(lines)], new Set(['sample']), {}),
      received: 3,
      partial: false,
    });
  });

  it('yields to the browser between slices and stops at the budget, saying how many it read', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i} trace_id=${ID}`);
    let tasks = 0;
    const counter = setInterval(() => tasks++, 0);
    const sliced = await sampledLinesInSlices(
      [frame(lines)],
      new Set(['sample']),
      {},
      {
        sliceMs: 40,
        budgetMs: 200,
        now: slowClock(5),
      }
    );
    clearInterval(counter);
    expect(sliced.partial).toBe(true);
    expect(sliced.received).toBe(1000);
    expect(sliced.lines.length).toBeGreaterThan(0);
    expect(sliced.lines.length).toBeLessThan(100);
    // Other tasks ran between the slices.
    expect(tasks).toBeGreaterThan(0);
  });
});

describe('Health over a sample its budget cannot read whole', () => {
  it('says in the trace-id check how many lines it read', async () => {
    // Every performance.now() reading is 20 ms later: the 1.5 s budget covers only a few dozen lines.
    let t = 0;
    const spy = jest.spyOn(performance, 'now').mockImplementation(() => (t += 20));
    try {
      const { report } = await runScenario(devStack(Date.now()));
      const traceIds = check(report, 'trace-ids');
      expect(traceIds.figure).toMatch(/ · Partial: read \d+ of \d+ lines within the page’s time budget/);
    } finally {
      spy.mockRestore();
    }
  });
});

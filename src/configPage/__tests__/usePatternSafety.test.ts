import { act, renderHook, waitFor } from '@testing-library/react';
import { loadPatternCheck } from '../patternCheck';
import { usePatternSafety } from '../usePatternSafety';
import { backtrackingProblem } from '../../settings/patternBacktracking';

// The detector stands in: each call records which pattern it checked (the real one takes up to ~2 s).
const checked: string[] = [];
jest.mock('../../settings/patternBacktracking', () => ({
  backtrackingProblem: (source: string) => {
    checked.push(source);
    return source.includes('+)+') ? 'This pattern can backtrack catastrophically.' : undefined;
  },
}));

/** No worker can start (a Content-Security-Policy without worker-src): the checks run on the page. */
const onThePage = () =>
  loadPatternCheck({
    startWorker: () => Promise.reject(new Error('Worker is not defined')),
    onPage: () => Promise.resolve(backtrackingProblem),
  });

/**
 * A worker as the browser runs one: messages in, answers out in a later task. `answer` stands in for
 * the worker's copy of the detector (its own thread, so the page's detector is never called).
 */
class FakeWorker extends EventTarget {
  sent: string[] = [];
  constructor(private answer: (source: string) => string | undefined) {
    super();
  }
  postMessage({ id, source }: { id: number; source: string }) {
    this.sent.push(source);
    setTimeout(
      () => this.dispatchEvent(new MessageEvent('message', { data: { id, problem: this.answer(source) } })),
      5
    );
  }
  terminate() {}
  fail() {
    this.dispatchEvent(new Event('error'));
  }
}
const asWorker = (w: FakeWorker) => w as unknown as Worker;

/** Review F15: the config page checks patterns one per task, never all of them in one. */
describe('usePatternSafety on the page (no worker)', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    checked.length = 0;
  });
  afterEach(() => jest.useRealTimers());

  it('checks one pattern per task, yielding between, and keeps Save waiting until the last', async () => {
    const patterns = ['(a+)+(x)', 'corr=([0-9a-f]{32})', '(b+)+(y)', 'id=(\\w{32})', '(broken'];
    const errors = [undefined, undefined, undefined, undefined, 'Invalid group'];
    const { result } = renderHook(() => usePatternSafety(patterns, errors, undefined, onThePage));
    // The detector loads (a dynamic import), then typing has settled.
    await act(async () => {
      await Promise.resolve();
    });
    // Every timer task from here on: the settle delay's, then the checks'.
    const perTask: number[] = [];
    for (let task = 0; task < 8 && result.current.pending; task++) {
      const before = checked.length;
      await act(async () => {
        jest.advanceTimersToNextTimer();
      });
      perTask.push(checked.length - before);
    }
    // One pattern per task (the old hook checked all four in one); the one with another error never.
    expect(perTask.filter((n) => n > 0)).toEqual([1, 1, 1, 1]);
    expect(Math.max(...perTask)).toBe(1);
    expect(checked).toEqual(patterns.slice(0, 4));
    expect(result.current.pending).toBe(false);
    expect(result.current.errors).toEqual([
      'This pattern can backtrack catastrophically.',
      undefined,
      'This pattern can backtrack catastrophically.',
      undefined,
      undefined,
    ]);
  });
});

/** Review F15: a check takes up to ~2 s; in a worker the page never waits for it. */
describe('usePatternSafety in a worker', () => {
  beforeEach(() => {
    checked.length = 0;
  });

  it('sends each pattern to the worker, one at a time, and never runs the detector on the page', async () => {
    const worker = new FakeWorker((s) => (s.includes('+)+') ? 'From the worker: backtracks.' : undefined));
    const load = () =>
      loadPatternCheck({
        startWorker: async () => asWorker(worker),
        onPage: () => Promise.reject(new Error('unused')),
      });
    const patterns = ['(c+)+(x)', 'trace=([0-9a-f]{32})', '(broken'];
    const errors = [undefined, undefined, 'Invalid group'];
    const { result } = renderHook(() => usePatternSafety(patterns, errors, undefined, load));
    expect(result.current.pending).toBe(true);
    await waitFor(() => expect(result.current.pending).toBe(false));
    expect(worker.sent).toEqual(['(c+)+(x)', 'trace=([0-9a-f]{32})']);
    // The page's detector (mocked above, recording its calls) never ran.
    expect(checked).toEqual([]);
    expect(result.current.errors).toEqual(['From the worker: backtracks.', undefined, undefined]);
  });

  it('checks on the page what a worker that died had not answered', async () => {
    const worker = new FakeWorker(() => undefined);
    worker.postMessage = function (this: FakeWorker, { source }: { id: number; source: string }) {
      this.sent.push(source);
      setTimeout(() => this.fail(), 5);
    };
    const load = () =>
      loadPatternCheck({ startWorker: async () => asWorker(worker), onPage: async () => backtrackingProblem });
    // Props as a parent keeps them between renders.
    const patterns = ['(d+)+(x)'];
    const errors = [undefined];
    const { result } = renderHook(() => usePatternSafety(patterns, errors, undefined, load));
    await waitFor(() => expect(result.current.pending).toBe(false));
    expect(worker.sent).toEqual(['(d+)+(x)']);
    expect(checked).toEqual(['(d+)+(x)']);
    expect(result.current.errors).toEqual(['This pattern can backtrack catastrophically.']);
  });

  it('says the check could not load when neither a worker nor the page can run it', async () => {
    const load = () =>
      loadPatternCheck({
        startWorker: () => Promise.reject(new Error('Worker is not defined')),
        onPage: () => Promise.reject(new Error('Loading chunk 7 failed')),
      });
    const patterns = ['(e+)+(x)'];
    const errors = [undefined];
    const { result } = renderHook(() => usePatternSafety(patterns, errors, undefined, load));
    await waitFor(() => expect(result.current.errors[0]).toMatch(/could not load \(Loading chunk 7 failed\)\. Reload/));
    expect(result.current.pending).toBe(false);
  });
});

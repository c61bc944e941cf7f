import { loadChanges, type ChangeSources, type KindId, type KindState } from '../loadChanges';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const HOUR = 3_600_000;

/** Every source answers at once (resolved promises), as a cache or a fast backend would. */
const sources: ChangeSources = {
  query: async () => ({ series: [] }),
  resource: async () => ({ status: 'success', data: [] }),
  redDetection: async () => ({ profile: 'tempo-spanmetrics', tried: [] }),
  lokiUid: () => 'loki-uid',
  tempoUid: () => 'tempo-uid',
};

/** All the promise callbacks queued so far, and those they queue, without letting a task run. */
async function drainMicrotasks() {
  for (let i = 0; i < 200; i++) {
    await Promise.resolve();
  }
}

/**
 * Issue 25: the rankings over untrusted data (10,000 versions, 1,000 patterns, hostile lines) ran in
 * the task that received the answers, all kinds together; each now runs in a task of its own.
 */
describe('What changed: each comparison in a task of its own', () => {
  it('runs no comparison in the task that received the answers, and still reports every kind', async () => {
    const kinds: Partial<Record<KindId, KindState>> = {};
    const done = loadChanges({
      windows: {
        mode: 'previous',
        incident: { fromMs: NOW - HOUR, toMs: NOW },
        baseline: { fromMs: NOW - 2 * HOUR, toMs: NOW - HOUR },
      } as never,
      services: ['checkout'],
      errorLevels: ['error'],
      sources,
      now: NOW,
      onKind: (id, state) => (kinds[id] = state),
    });
    // Every answer has arrived and been awaited, but no task has run: no kind is compared yet.
    await drainMicrotasks();
    expect(kinds).toEqual({});
    await done;
    expect(Object.keys(kinds).sort()).toEqual(['red', 'signatures', 'slowCalls', 'spans']);
    for (const state of Object.values(kinds)) {
      expect(state.status).toBe('done');
    }
  });
});

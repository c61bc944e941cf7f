import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { installSimClock } from '../src/sim/clock.ts';
import { simNetwork, WIRE_MS } from '../src/sim/network.ts';

/** The simulator's clock and network (src/sim), which the demo snapshot rests on. */
describe('the simulator', () => {
  it('runs timers in time order, moving Date.now and performance.now with them, and restores the real ones', async () => {
    const realNow = Date.now;
    const clock = installSimClock(1_000_000);
    const seen: Array<[string, number, number]> = [];
    try {
      const mark = (name: string) => seen.push([name, Date.now(), performance.now()]);
      setTimeout(() => mark('b'), 300);
      setTimeout(() => mark('a'), 100);
      const every = setInterval(() => mark('i'), 250);
      const awaited = new Promise((resolve) => setTimeout(resolve, 10)).then(() => mark('awaited'));
      await clock.runUntil(1_000_600);
      await awaited;
      clearInterval(every);
      assert.equal(Date.now(), 1_000_600);
    } finally {
      clock.restore();
    }
    assert.equal(Date.now, realNow);
    assert.deepEqual(seen, [
      ['awaited', 1_000_010, 10],
      ['a', 1_000_100, 100],
      ['i', 1_000_250, 250],
      ['b', 1_000_300, 300],
      ['i', 1_000_500, 500],
    ]);
  });

  it('a call unanswered within its timeout rejects as over HTTP; an unknown host is refused; the callee still ends', async () => {
    const clock = installSimClock(0);
    try {
      const net = simNetwork();
      let ended = -1;
      net.hosts.set('slow:8080', async (call) => {
        await new Promise((r) => setTimeout(r, 50));
        ended = Date.now();
        return { status: 200, body: call.body };
      });
      const late = net.transport(new URL('http://slow:8080/x'), {}, '{"a":1}', 20);
      const quick = net.transport(new URL('http://slow:8080/x'), {}, '{"a":2}', 100);
      const unknown = net.transport(new URL('http://nowhere:8080/x'), {}, '{}', 100);
      const settled = Promise.allSettled([late, quick, unknown]);
      await clock.runUntil(1_000);
      const [l, q, u] = await settled;
      assert.equal(l.status === 'rejected' && (l.reason as Error).message, 'timeout after 20ms calling slow:8080/x');
      assert.deepEqual(q.status === 'fulfilled' && q.value, { status: 200, text: '{"a":2}' });
      assert.equal(u.status === 'rejected' && (u.reason as Error).message, 'getaddrinfo ENOTFOUND nowhere');
      assert.equal(ended, WIRE_MS + 50);
    } finally {
      clock.restore();
    }
  });
});

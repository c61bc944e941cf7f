// Jest setup provided by Grafana scaffolding; it assumes a browser, so node-environment suites
// (stack checks, the real-Prometheus test) skip it.
if (typeof window !== 'undefined') {
  // React 19's server renderer, which @grafana/ui 13 loads, needs MessageChannel; jsdom has none.
  // A timer-based one: node's own would keep the test process alive.
  if (typeof global.MessageChannel === 'undefined') {
    global.MessageChannel = class MessageChannel {
      constructor() {
        const port = (other) => ({
          onmessage: null,
          postMessage: (data) => setTimeout(() => other().onmessage?.({ data }), 0),
          close: () => {},
        });
        this.port1 = port(() => this.port2);
        this.port2 = port(() => this.port1);
      }
    };
  }
  // Scenes' lazy loader observes visibility; jsdom has no IntersectionObserver. Everything is "visible".
  if (typeof global.IntersectionObserver === 'undefined') {
    global.IntersectionObserver = class IntersectionObserver {
      constructor(callback) {
        this.callback = callback;
      }
      observe(target) {
        this.callback([{ isIntersecting: true, target }], this);
      }
      unobserve() {}
      disconnect() {}
    };
  }
  if (typeof global.ResizeObserver === 'undefined') {
    global.ResizeObserver = class ResizeObserver {
      observe() {}
      unobserve() {}
      disconnect() {}
    };
  }
  require('./.config/jest-setup');
}

// The plugin loads RE2 on demand (src/correlation/re2.ts) before it runs configured patterns; the
// tests of pattern logic run with it loaded, as the app does after that. The not-yet-loaded path has
// its own tests (src/correlation/__tests__/re2.test.ts, src/app/__tests__/useRe2.test.tsx).
beforeAll(() => require('./src/correlation/re2').loadRe2());

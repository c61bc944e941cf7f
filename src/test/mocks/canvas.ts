/**
 * jsdom has no canvas: Grafana's Sparkline (uPlot) gets a 2D context and Path2D that draw nothing, so
 * a table with sparklines renders in tests. Returns the undo.
 */
export function stubCanvas(): () => void {
  const getContext = HTMLCanvasElement.prototype.getContext;
  const hadPath2D = 'Path2D' in globalThis;
  const noop = () => new Proxy({}, { get: (t: any, k) => (k in t ? t[k] : () => ({ width: 0 })) });
  HTMLCanvasElement.prototype.getContext = noop as never;
  (globalThis as any).Path2D = function Path2D() {
    return noop();
  };
  return () => {
    HTMLCanvasElement.prototype.getContext = getContext;
    if (!hadPath2D) {
      delete (globalThis as any).Path2D;
    }
  };
}

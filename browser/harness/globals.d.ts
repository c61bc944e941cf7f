import type { Harness } from './harness';

declare global {
  /** The end of the supported Grafana range this host page is built for (browser/webpack.config.ts). */
  const GRAFANA_LINE: '12.4' | '13.2';
  interface Window {
    grafanaBootData: unknown;
    __grafana_public_path__: string;
    harness: Harness;
    System: typeof System;
  }
}

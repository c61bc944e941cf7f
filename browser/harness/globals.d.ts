import type { Harness } from './harness';

declare global {
  interface Window {
    grafanaBootData: unknown;
    __grafana_public_path__: string;
    harness: Harness;
    System: typeof System;
  }
}

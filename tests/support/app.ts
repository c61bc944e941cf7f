/** The demo stack's services, as Loki, Tempo and the span metrics name them. */
export const DEMO_SERVICES = ['gateway', 'orders', 'payments', 'inventory'];

/** Bounds of the numeric settings; the config page and the loader share them. */
export const PADDING_MINUTES = { min: 1, max: 1440 };
/** Loki's default `max_entries_limit_per_query` is 5000: asking for more fails. */
export const MAX_LINES = { min: 1, max: 5000 };
/** A configured list longer than this is a mistake, not a configuration. */
export const MAX_LIST_ENTRIES = 50;
export const MAX_PATTERN_LENGTH = 500;
/** Services whose RED graphs a page shows at once (three panels each); more are added on demand. */
export const RED_SERVICES = { min: 1, max: 50 };
/** Health page samples: trace ids looked up (each one request to Tempo), lines per service, services. */
export const HEALTH_TRACE_SAMPLE = { min: 1, max: 100 };
export const HEALTH_LINES_PER_SERVICE = { min: 1, max: 200 };
export const HEALTH_SERVICES = { min: 1, max: 100 };

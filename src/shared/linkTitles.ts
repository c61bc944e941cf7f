/** Titles of the data links Correlate adds to Grafana's visualisations (pure: end-to-end tests import them). */

/** On an exemplar's trace id, in the p95 graphs. */
export const EXEMPLAR_LINK_TITLE = 'Investigate this trace in Correlate';

/** On a node of the node graph; the part before `/` is the group Grafana's node menu shows it under. */
export const NODE_LINK_TITLE = 'Correlate/Open this service';

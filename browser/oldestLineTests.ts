/**
 * The tests that run on the oldest end too, by the start of their titles. A renamed test would drop
 * out silently, so tests/oldestLine.spec.ts checks that each pattern names a listed test.
 */
export const OLDEST_LINE_TESTS = [
  /built plugin, served as Grafana/,
  /every module Grafana shares/,
  /a 50,000-span trace:/,
  /Errors page \(component\) lists the error lines newest first/,
  /Trace investigation \(component\) from an error line: summary/,
  /Services \(component\) every service with its RED figures/,
  /Services \(component\) service map:/,
  /What changed \(component\) windows, each kind/,
  /Health \(component\) the report: checking first/,
  /config page \(component\) shows the provisioned settings/,
  /config page \(component\) Save sends the draft to Grafana/,
  /Correlated errors panel \(component\) trend total, top signatures/,
  /exposed components \(component\)/,
  /another plugin embedding Correlate \(component\) its page renders the trace investigation/,
];

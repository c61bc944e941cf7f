import type { RefusedPattern } from '../../settings/types';
import { docsLink, worse } from './checks';
import { count, group, shortName } from './format';
import type { CheckResult } from './types';

/**
 * Configured trace-id patterns the app does not run (loadSettings refuses them: a provisioning file
 * skips the config page's checks) make the trace-id check degraded, naming each pattern, why it is
 * not run and what to do: lines only that pattern would read show no trace id until it is fixed.
 */
export function withRefusedPatterns(check: CheckResult, refused: RefusedPattern[] | undefined): CheckResult {
  if (!refused?.length) {
    return check;
  }
  const first = refused[0];
  const more = refused.length > 1 ? ` (and ${count(refused.length - 1)} more, listed in the details)` : '';
  const cause = `Correlate does not run the configured trace-id pattern \`${shortName(first.pattern)}\`${more}: ${first.reason}`;
  const fix =
    'Correct or remove the pattern under Trace-id patterns on Correlate’s configuration page, or in the provisioning file’s jsonData.traceIdPatterns.';
  return {
    ...check,
    state: worse(check.state, 'degraded'),
    cause: check.state === 'ok' || !check.cause ? cause : `${cause} ${check.cause}`,
    fix: check.state === 'ok' || !check.fix ? fix : `${fix} ${check.fix}`,
    links: check.state === 'ok' ? [...check.links, docsLink(check.id)] : check.links,
    details: [
      group(
        'Trace-id patterns not run',
        refused.map((r) => ({ name: shortName(r.pattern), figure: r.reason, state: 'degraded' as const }))
      ),
      ...check.details,
    ],
  };
}

import {
  EmbeddedScene,
  SceneAppPage,
  SceneFlexItem,
  SceneFlexLayout,
  type SceneAppPageLike,
  type SceneRouteMatch,
} from '@grafana/scenes';
import { normalizeTraceId } from '../../correlation/traceId';
import { checkTimeHint } from '../../correlation/timeWindow';
import type { CorrelateSettings } from '../../settings/types';
import { URL_KEYS } from '../../app/urls';
import { PLUGIN_BASE_URL, ROUTES } from '../../constants';
import { dataSourceVariablesSet } from '../../shared/dataSourceVariables';
import { PageMessage } from '../../shared/PageMessage';
import { checkUrlTimeRange } from '../../shared/urlTimeRange';
import { TRACE_LOOKUP_RANGE, TraceInvestigation } from './TraceInvestigation';
import { TraceIdForm } from './TraceIdForm';

/**
 * Reads the trace page's URL: the trace id from the path, the time hint and service from the query,
 * and the trace query's range (the range of the page the link came from) from `traceFrom` / `traceTo`.
 * Links written before those keys carried the range as `from` / `to`: read as the same range when
 * `traceFrom` / `traceTo` are absent. The page's window is never read from the URL: it is the log
 * line's time, or the trace's span, widened by the padding.
 */
export function readTraceParams(rawId: string | undefined, search: URLSearchParams) {
  let decoded = rawId ?? '';
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // a broken escape: reported as not a trace id below
  }
  const traceId = normalizeTraceId(decoded);
  const problems: string[] = [];
  const rawTime = search.get('time');
  const hint = rawTime === null ? {} : checkTimeHint(rawTime);
  const timeHintMs = hint.ms;
  if (hint.problem) {
    problems.push(hint.problem);
  }
  const rawService = search.get('service');
  const hintService = rawService && rawService.trim() && rawService.length <= 200 ? rawService : undefined;
  if (rawService && !hintService) {
    problems.push('The link\'s "service" is empty or too long; the trace\'s own services are used.');
  }
  const [fromKey, toKey] =
    search.has(URL_KEYS.traceFrom) || search.has(URL_KEYS.traceTo)
      ? [URL_KEYS.traceFrom, URL_KEYS.traceTo]
      : ['from', 'to'];
  let lookupRange: { from: string; to: string } | undefined;
  if (search.has(fromKey) || search.has(toKey)) {
    const checked = checkUrlTimeRange({ from: search.get(fromKey), to: search.get(toKey) }, TRACE_LOOKUP_RANGE);
    problems.push(...checked.problems.map((p) => renameKeys(p, fromKey, toKey)));
    lookupRange = { from: checked.from, to: checked.to };
  }
  return { traceId, shownId: decoded.slice(0, 80), timeHintMs, hintService, lookupRange, problems };
}

/** Problems name the keys the link used. */
function renameKeys(problem: string, fromKey: string, toKey: string): string {
  return problem
    .replace(`The link's "from"`, `The link's "${fromKey}"`)
    .replace(`The link's "to"`, `The link's "${toKey}"`);
}

const message = (m: ConstructorParameters<typeof PageMessage>[0]) => new SceneFlexItem({ body: new PageMessage(m) });

function investigationScene(rawId: string | undefined, settings: CorrelateSettings, search: URLSearchParams) {
  const p = readTraceParams(rawId, search);
  const children = p.problems.map((text) =>
    message({ severity: 'warning', title: 'Part of this link was ignored', text })
  );
  if (!p.traceId) {
    children.push(
      message({
        severity: 'error',
        title: 'This is not a trace id',
        text: `"${p.shownId}" is not a trace id. A trace id is 32 (or 16) hexadecimal characters, such as 4bf92f3577b34da6a3ce929d0e0e4736. Check the link, or find the error on the Errors page and open its trace from there.`,
        linkUrl: `${PLUGIN_BASE_URL}/${ROUTES.Errors}`,
        linkText: 'Go to Errors',
      })
    );
  } else {
    const { traceId, timeHintMs, hintService, lookupRange } = p;
    children.push(
      new SceneFlexItem({ body: new TraceInvestigation({ traceId, timeHintMs, hintService, lookupRange, settings }) })
    );
  }
  return new EmbeddedScene({
    $variables: dataSourceVariablesSet(settings),
    body: new SceneFlexLayout({ direction: 'column', children }),
  });
}

/** `/trace` (paste a trace id) and its drill-down `/trace/:traceId` (the investigation). */
export function tracePage(settings: CorrelateSettings, search: () => URLSearchParams): SceneAppPage {
  return new SceneAppPage({
    title: 'Trace investigation',
    subTitle: 'The trace, its logs and the RED metrics of its services, for the same moment.',
    url: `${PLUGIN_BASE_URL}/${ROUTES.Trace}`,
    routePath: `${ROUTES.Trace}/*`,
    getScene: () =>
      new EmbeddedScene({
        body: new SceneFlexLayout({
          direction: 'column',
          children: [new SceneFlexItem({ body: new TraceIdForm({}) })],
        }),
      }),
    drilldowns: [
      {
        routePath: ':traceId',
        getPage: (match: SceneRouteMatch<{ traceId: string }>, parent: SceneAppPageLike) =>
          new SceneAppPage({
            title: `Trace ${normalizeTraceId(safeDecode(match.params.traceId)) ?? ''}`.trim(),
            url: match.url,
            routePath: ':traceId',
            getParentPage: () => parent,
            getScene: () => investigationScene(match.params.traceId, settings, search()),
          }),
      },
    ],
  });
}

function safeDecode(s: string | undefined): string {
  try {
    return decodeURIComponent(s ?? '');
  } catch {
    return '';
  }
}

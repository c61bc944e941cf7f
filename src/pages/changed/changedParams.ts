import { normalizeTraceId } from '../../correlation/traceIdValue';
import { parseBaselineMode, type BaselineMode } from '../../correlation/changes/windows';
import { URL_KEYS } from '../../app/urls';

/** The most services one comparison takes: each is part of every query. */
export const MAX_SERVICES = 20;
const MAX_SERVICE_LENGTH = 200;

export interface ChangedParams {
  /** Empty: every service. */
  services: string[];
  mode: BaselineMode;
  traceId?: string;
  problems: string[];
}

/** What's changed reads from its URL, with a sentence for everything it had to ignore. Pure. */
export function readChangedParams(search: URLSearchParams): ChangedParams {
  const problems: string[] = [];
  const baseline = parseBaselineMode(search.get(URL_KEYS.baseline));
  if (baseline.problem) {
    problems.push(baseline.problem);
  }
  const raw = search.getAll(URL_KEYS.services);
  const all = raw.includes('$__all');
  const services = [...new Set(raw.filter((s) => s !== '$__all').map((s) => s.trim()))];
  const usable = services.filter((s) => s !== '' && s.length <= MAX_SERVICE_LENGTH);
  if (usable.length < services.length) {
    problems.push('A service in the link is empty or longer than 200 characters; it was left out.');
  }
  if (usable.length > MAX_SERVICES) {
    problems.push(`The link names ${usable.length} services; the first ${MAX_SERVICES} are compared.`);
  }
  let traceId: string | undefined;
  const rawTrace = search.get(URL_KEYS.trace);
  if (rawTrace) {
    traceId = normalizeTraceId(rawTrace) ?? undefined;
    if (!traceId) {
      problems.push(
        `"${rawTrace.slice(0, 80)}" is not a trace id (32 or 16 hexadecimal characters); the summary names no trace.`
      );
    }
  }
  return { services: all ? [] : usable.slice(0, MAX_SERVICES), mode: baseline.mode, traceId, problems };
}

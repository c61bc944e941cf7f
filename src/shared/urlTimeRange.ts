import { dateMath } from '@grafana/data';
import { isTimeInBounds, timeParamProblem } from '../correlation/timeWindow';

/**
 * Checks the `from` / `to` of a pasted link before the page uses them. Returns what to use and, for
 * each problem, a sentence for the page. Pure apart from reading the present for relative times.
 * Epoch milliseconds come back as ISO text: a SceneTimeRange built in code (not read from the URL)
 * understands relative and ISO times only.
 */
export interface CheckedRange {
  from: string;
  to: string;
  problems: string[];
}

/** Epoch milliseconds, ISO text or Grafana's relative time, within the bounds every link time has. */
function parse(value: string, roundUp: boolean): number | undefined {
  const v = value.trim();
  let ms: number | undefined;
  if (/^\d{1,16}$/.test(v)) {
    ms = Number(v);
  } else {
    const parsed = dateMath.toDateTime(v, { roundUp });
    ms = parsed && parsed.isValid() ? parsed.valueOf() : undefined;
  }
  return ms !== undefined && isTimeInBounds(ms) ? ms : undefined;
}

export function checkUrlTimeRange(
  search: Record<string, unknown>,
  defaults: { from: string; to: string }
): CheckedRange {
  const problems: string[] = [];
  const read = (key: 'from' | 'to') => {
    const raw = search[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined || value === null || value === '') {
      return { text: defaults[key], ms: parse(defaults[key], key === 'to') };
    }
    const text = String(value).slice(0, 100);
    const ms = parse(text, key === 'to');
    if (ms === undefined) {
      problems.push(timeParamProblem(key, text, `using ${defaults[key]} instead`));
      return { text: defaults[key], ms: parse(defaults[key], key === 'to') };
    }
    return { text: /^\d+$/.test(text.trim()) ? new Date(ms).toISOString() : text, ms };
  };
  let from = read('from');
  let to = read('to');
  if (from.ms !== undefined && to.ms !== undefined && from.ms > to.ms) {
    problems.push("The link's time range ends before it starts; it is shown the right way round.");
    [from, to] = [to, from];
  }
  return { from: from.text, to: to.text, problems };
}

import { dateMath } from '@grafana/data';

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

// The latest time a JavaScript Date can hold.
const MAX_MS = 8.64e15;

function parse(value: string, roundUp: boolean): number | undefined {
  const v = value.trim();
  if (/^\d{1,16}$/.test(v)) {
    const ms = Number(v);
    return ms <= MAX_MS ? ms : undefined;
  }
  const parsed = dateMath.toDateTime(v, { roundUp });
  return parsed && parsed.isValid() ? parsed.valueOf() : undefined;
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
      problems.push(`The link's "${key}" (${JSON.stringify(text)}) is not a time; using ${defaults[key]} instead.`);
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

/**
 * Shortening of untrusted text (service names, log lines, span messages) for display. The full
 * text is never dropped: callers keep it in a tooltip or behind a "show all" control.
 */

/** Service names longer than this are shortened where they are shown. */
export const MAX_SERVICE_NAME_SHOWN = 80;
/** Characters of a log line or message shown before "Show the full line". */
export const MAX_LINE_SHOWN = 1000;

/** The text cut to `max` characters with an ellipsis, never splitting a surrogate pair. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) {
    return text;
  }
  let end = Math.max(0, max - 1);
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) {
    end--;
  }
  return `${text.slice(0, end)}…`;
}

export const shortServiceName = (service: string) => shorten(service, MAX_SERVICE_NAME_SHOWN);

/** A list of names for a sentence: the first `max`, shortened, then "and N more". */
export function nameList(names: string[], max = 5): string {
  const shown = names.slice(0, max).map(shortServiceName).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

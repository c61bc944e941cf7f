import React, { useState } from 'react';
import { css } from '@emotion/css';
import { Button } from '@grafana/ui';
import { MAX_LINE_SHOWN, shorten } from './displayText';

interface Props {
  /** What to show: the line's message. Cut to MAX_LINE_SHOWN characters. */
  short: string;
  /** What "Show the full line" shows: the whole log line. */
  full: string;
  className?: string;
  /** Wraps the shown text, for example in a link; the "full line" control stays outside it. */
  wrap?: (text: string) => React.ReactNode;
}

const styles = {
  full: css({ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }),
};

/**
 * A log line's text, cut for display: a page may list 500 lines of 256 KB each, and drawing them
 * whole stalls the browser. The whole line is one click away.
 */
export function LongText({ short, full, className, wrap = (text) => text }: Props) {
  const [expanded, setExpanded] = useState(false);
  const cut = short.length > MAX_LINE_SHOWN;
  if (expanded) {
    return (
      <span className={className}>
        <pre className={styles.full}>{full}</pre>
        <Button size="sm" variant="secondary" fill="text" onClick={() => setExpanded(false)}>
          Show less
        </Button>
      </span>
    );
  }
  return (
    <span className={className}>
      {wrap(cut ? shorten(short, MAX_LINE_SHOWN) : short)}
      {cut && (
        <Button
          size="sm"
          variant="secondary"
          fill="text"
          onClick={() => setExpanded(true)}
          tooltip={`${full.length.toLocaleString('en-US')} characters`}
        >
          Show the full line
        </Button>
      )}
    </span>
  );
}

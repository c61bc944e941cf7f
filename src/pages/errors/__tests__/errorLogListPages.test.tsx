import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import type { LogRow } from '../../../correlation/logRows';
import { testIds } from '../../../testIds';
import { ErrorLogList, ROWS_PER_PAGE } from '../ErrorLogList';

// Issue 20: at 100k error lines an hour the list gets 1,000 rows; drawing 500 of them in one
// commit (badges, buttons, links, and a layout) was the Errors page's longest task.
const NOW = Date.UTC(2026, 11, 4, 12, 0, 0);
const rows = (n: number): LogRow[] =>
  Array.from({ length: n }, (_, i) => ({
    id: String(i),
    timeMs: NOW - i,
    line: `payment declined ${i}`,
    labels: {},
    service: `svc-${i % 7}`,
    level: 'error',
    traceId: i % 2 ? undefined : `${i}`.padStart(32, '0'),
  }));

function List({
  all,
  selected = 0,
  onSelect = () => undefined,
}: {
  all: LogRow[];
  selected?: number;
  onSelect?: (i: number) => void;
}) {
  return (
    <ErrorLogList
      rows={all}
      selected={selected}
      filtered={false}
      empty
      onSelect={onSelect}
      onOpen={() => undefined}
      linkOf={(r) => `/trace/${r.traceId ?? ''}`}
    />
  );
}

describe('ErrorLogList at scale', () => {
  it('draws one page of 5,000 rows, says so, and draws the next page on "Show more"', () => {
    const all = rows(5000);
    render(<List all={all} />);
    expect(screen.getAllByTestId(testIds.errors.logRow)).toHaveLength(ROWS_PER_PAGE);
    expect(screen.getByRole('heading')).toHaveTextContent(`Error logs (5000, newest ${ROWS_PER_PAGE} shown)`);
    fireEvent.click(screen.getByTestId(testIds.errors.showMore));
    expect(screen.getAllByTestId(testIds.errors.logRow)).toHaveLength(2 * ROWS_PER_PAGE);
    expect(screen.getAllByTestId(testIds.errors.logRow)[2 * ROWS_PER_PAGE - 1]).toHaveTextContent(
      `payment declined ${2 * ROWS_PER_PAGE - 1}`
    );
  });

  it('stops at the newest 500 rows, with no "Show more" then', () => {
    const all = rows(1000);
    render(<List all={all} />);
    for (let i = 0; i < 20 && screen.queryByTestId(testIds.errors.showMore); i++) {
      fireEvent.click(screen.getByTestId(testIds.errors.showMore));
    }
    expect(screen.getAllByTestId(testIds.errors.logRow)).toHaveLength(500);
    expect(screen.queryByTestId(testIds.errors.showMore)).toBeNull();
    expect(screen.getByRole('heading')).toHaveTextContent('Error logs (1000, newest 500 shown)');
  });

  it('j past the last drawn row draws the page it lands on, and the selected row is in it', () => {
    const all = rows(1000);
    let selected = 0;
    const onSelect = (i: number) => (selected = i);
    const { rerender } = render(<List all={all} selected={selected} onSelect={onSelect} />);
    fireEvent.keyDown(screen.getByRole('listbox'), { key: 'j' });
    expect(selected).toBe(1);
    rerender(<List all={all} selected={ROWS_PER_PAGE} onSelect={onSelect} />);
    const drawn = screen.getAllByTestId(testIds.errors.logRow);
    expect(drawn).toHaveLength(2 * ROWS_PER_PAGE);
    expect(drawn[ROWS_PER_PAGE]).toHaveAttribute('aria-selected', 'true');
    // k back to the first page: the page drawn stays.
    rerender(<List all={all} selected={ROWS_PER_PAGE - 1} onSelect={onSelect} />);
    expect(screen.getAllByTestId(testIds.errors.logRow)).toHaveLength(2 * ROWS_PER_PAGE);
  });

  it('new rows start again at one page', () => {
    const { rerender } = render(<List all={rows(1000)} />);
    fireEvent.click(screen.getByTestId(testIds.errors.showMore));
    expect(screen.getAllByTestId(testIds.errors.logRow)).toHaveLength(2 * ROWS_PER_PAGE);
    rerender(<List all={rows(900)} />);
    expect(screen.getAllByTestId(testIds.errors.logRow)).toHaveLength(ROWS_PER_PAGE);
  });

  it('does not scroll to the first row on arrival, only once j / k move the selection', () => {
    const scrolled: Element[] = [];
    // jsdom has no scrollIntoView (the row calls it only where it exists): stand one in.
    const original = Element.prototype.scrollIntoView;
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this);
    };
    try {
      const all = rows(100);
      const { rerender } = render(<List all={all} />);
      expect(scrolled).toHaveLength(0);
      rerender(<List all={all} selected={1} />);
      expect(scrolled).toEqual([screen.getAllByTestId(testIds.errors.logRow)[1]]);
    } finally {
      Element.prototype.scrollIntoView = original;
    }
  });
});

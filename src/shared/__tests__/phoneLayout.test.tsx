import React from 'react';
import { render } from '@testing-library/react';
import { SignaturesTable } from '../../pages/errors/SignaturesTable';

/**
 * On a phone a stacked table shows each cell after its column's name, read from the cell's
 * data-label (src/shared/phoneLayout.ts): the label must be the column's header, whatever the
 * headers become.
 */
function labelsAgainstHeaders(table: HTMLTableElement) {
  const headers = Array.from(table.querySelectorAll('thead th')).map((th) => th.textContent);
  return Array.from(table.querySelectorAll('tbody tr')).flatMap((tr) =>
    Array.from(tr.children)
      .slice(1) // the first cell has a line of its own, without a name
      .map((td, i) => [td.getAttribute('data-label'), headers[i + 1]])
  );
}

it('labels every cell of the Errors page’s signatures with its column’s header', () => {
  const signature = {
    fingerprint: 'f1',
    example: 'payment declined',
    count: 3,
    firstSeenMs: 1_764_000_000_000,
    lastSeenMs: 1_764_000_060_000,
    services: ['payments'],
    traceIdShare: 1,
  };
  const { container } = render(<SignaturesTable signatures={[signature]} onSelect={() => {}} />);
  const pairs = labelsAgainstHeaders(container.querySelector('table')!);
  expect(pairs).toHaveLength(5);
  for (const [label, header] of pairs) {
    expect(label).toBe(header);
  }
});

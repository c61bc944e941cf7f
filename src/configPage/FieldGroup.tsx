import React, { type ReactNode } from 'react';

/**
 * A plain container for a Field holding several controls: Field passes props such as `invalid`
 * to its child, which a bare <div> would render as attributes.
 */
export function FieldGroup({ testId, children }: { testId?: string; children: ReactNode }) {
  return <div data-testid={testId}>{children}</div>;
}

import React from 'react';
import { AppRootProps } from '@grafana/data';
import { Alert } from '@grafana/ui';

/** The app root; the investigation pages mount here. */
function App(_props: AppRootProps) {
  return (
    <Alert severity="info" title="Correlate">
      The investigation pages are not part of this build yet.
    </Alert>
  );
}

export default App;

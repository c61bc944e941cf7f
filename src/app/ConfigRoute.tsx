import React from 'react';
import { Alert, LoadingPlaceholder } from '@grafana/ui';
import AppConfig, { type AppConfigProps } from '../configPage/AppConfig';
import { hasTraceIdPatterns } from '../settings/loadSettings';
import { testIds } from '../testIds';
import { Re2Failed, useRe2 } from './useRe2';

/**
 * The config page, after RE2: it checks the patterns saved and the ones typed. Without RE2 the saved
 * patterns would be dropped from the form, and saving would erase them: the form is then not shown.
 */
export default function ConfigRoute(props: AppConfigProps) {
  const re2 = useRe2(true);
  if (re2.status === 'loading') {
    return <LoadingPlaceholder text="Loading…" />;
  }
  if (re2.status === 'failed') {
    if (hasTraceIdPatterns(props.plugin.meta.jsonData)) {
      return (
        <Alert severity="error" title="The configuration cannot be edited now" data-testid={testIds.app.re2Failed}>
          {`Correlate could not load RE2, the engine that checks your trace-id patterns (${re2.reason.slice(0, 200)}); saving now would drop them. Reload the page; if this keeps happening, check that Grafana serves this plugin's files.`}
        </Alert>
      );
    }
    return (
      <>
        <Re2Failed reason={re2.reason} testId={testIds.app.re2Failed} />
        <AppConfig {...props} />
      </>
    );
  }
  return <AppConfig {...props} />;
}

import React, { useState } from 'react';
import { Field, FieldSet, Input, Text } from '@grafana/ui';
import { findTraceId } from '../correlation/traceId';
import { compileTraceIdPattern, patternWindow } from '../correlation/traceIdPatterns';
import type { SettingsErrors } from '../settings/validateSettings';
import type { CorrelateSettings } from '../settings/types';
import { fitWidth } from '../shared/phoneLayout';
import { testIds } from '../testIds';
import { FieldGroup } from './FieldGroup';
import { StringListField } from './StringListField';

interface Props {
  draft: CorrelateSettings;
  errors: SettingsErrors;
  onChange: (patch: Partial<CorrelateSettings>) => void;
}

/** Lets the user paste a log line and see which id the current draft would read from it. */
function TryALine({ draft, errors }: { draft: CorrelateSettings; errors: SettingsErrors }) {
  const [line, setLine] = useState('');
  // Only usable entries take part, as in the running app.
  const fields = draft.traceIdFields.filter((_, i) => !errors.traceIdFields?.[i]);
  const patterns = draft.traceIdPatterns.filter((_, i) => !errors.traceIdPatterns?.[i]);
  const id = line ? findTraceId(line, undefined, { fields, patterns }) : undefined;
  return (
    <Field
      label="Try a log line"
      description="Paste a line from your logs to see the trace id Correlate reads from it."
    >
      <FieldGroup>
        <Input
          width={100}
          className={fitWidth}
          value={line}
          placeholder='level=error corr=[4bf92f3577b34da6a3ce929d0e0e4736] msg="payment declined"'
          onChange={(e) => setLine(e.currentTarget.value)}
          data-testid={testIds.appConfig.tryLine}
        />
        {line && (
          <Text element="p" color={id ? 'success' : 'secondary'} data-testid={testIds.appConfig.tryLineResult}>
            {id ? `Trace id: ${id}` : 'No trace id found in this line.'}
          </Text>
        )}
      </FieldGroup>
    </Field>
  );
}

/** How far into a line the usable patterns read together (their shared per-line budget). */
function windowText(draft: CorrelateSettings, errors: SettingsErrors): string {
  const usable = draft.traceIdPatterns
    .filter((_, i) => !errors.traceIdPatterns?.[i])
    .map(compileTraceIdPattern)
    .flatMap((r) => ('pattern' in r ? [r.pattern] : []));
  return usable.length
    ? ` Together they read the first ${patternWindow(usable).toLocaleString('en-US')} characters of each line.`
    : '';
}

export function TraceIdSection({ draft, errors, onChange }: Props) {
  const window = windowText(draft, errors);
  return (
    <FieldSet label="Trace ids">
      <Text element="p" color="secondary">
        Correlate reads trace_id, traceId, traceID and trace.id (any case) from structured metadata, JSON and key=value
        lines, and W3C traceparent values. Add your own formats here.
      </Text>
      <StringListField
        label="Field name"
        description="Extra label, structured metadata or JSON/key=value names that hold a trace id."
        placeholder="x_correlation_id"
        values={draft.traceIdFields}
        errors={errors.traceIdFields}
        testId={testIds.appConfig.traceIdFields}
        onChange={(traceIdFields) => onChange({ traceIdFields })}
      />
      <StringListField
        label="Pattern"
        description={`Regular expressions in RE2 syntax, as in LogQL line filters (no lookarounds or backreferences); the first capture group is the trace id.${window}`}
        placeholder="corr=\[([0-9a-f]{32})\]"
        values={draft.traceIdPatterns}
        errors={errors.traceIdPatterns}
        testId={testIds.appConfig.traceIdPatterns}
        onChange={(traceIdPatterns) => onChange({ traceIdPatterns })}
      />
      <TryALine draft={draft} errors={errors} />
    </FieldSet>
  );
}

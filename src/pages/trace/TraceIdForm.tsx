import React, { useState } from 'react';
import { locationService } from '@grafana/runtime';
import { SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
import { Button, Field, Input, Stack } from '@grafana/ui';
import { normalizeTraceId } from '../../correlation/traceId';
import { traceUrl } from '../../app/urls';
import { testIds } from '../../testIds';

/** Paste a trace id (from an incident channel, a ticket, another tool) and open its investigation. */
export class TraceIdForm extends SceneObjectBase<SceneObjectState> {
  static Component = TraceIdFormRenderer;
}

function TraceIdFormRenderer(_: SceneComponentProps<TraceIdForm>) {
  const [value, setValue] = useState('');
  const [touched, setTouched] = useState(false);
  const id = normalizeTraceId(value.trim());
  const invalid = touched && value.trim() !== '' && !id;
  const open = () => {
    setTouched(true);
    if (id) {
      locationService.push(traceUrl(id));
    }
  };
  return (
    <Stack direction="row" alignItems="flex-end" gap={1}>
      <Field
        label="Trace id"
        description="32 or 16 hexadecimal characters"
        invalid={invalid}
        error={invalid ? 'This is not a trace id: use 32 (or 16) hexadecimal characters.' : undefined}
        // Without the field's bottom margin the button lines up with the input (Grafana ignores it where unknown).
        noMargin
      >
        <Input
          width={50}
          value={value}
          data-testid={testIds.trace.idInput}
          // Not a real-looking id: one in grey reads as a value already filled in.
          placeholder="Paste a trace id"
          onChange={(e) => setValue(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && open()}
        />
      </Field>
      <Button onClick={open} data-testid={testIds.trace.idOpen}>
        Investigate
      </Button>
    </Stack>
  );
}

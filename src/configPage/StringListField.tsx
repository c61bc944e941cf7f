import React from 'react';
import { Button, Field, IconButton, Input, Stack } from '@grafana/ui';
import { fitWidth } from '../shared/phoneLayout';
import { FieldGroup } from './FieldGroup';

interface Props {
  label: string;
  description: string;
  placeholder: string;
  values: string[];
  /** One message per value (undefined where the value is fine). */
  errors?: Array<string | undefined>;
  testId: string;
  onChange: (values: string[]) => void;
}

/** An editable list of strings, each with its own inline error. */
export function StringListField({ label, description, placeholder, values, errors, testId, onChange }: Props) {
  const set = (i: number, value: string) => onChange(values.map((v, j) => (j === i ? value : v)));
  return (
    <Field label={label} description={description}>
      <FieldGroup testId={testId}>
        {values.map((value, i) => (
          <Field key={i} invalid={Boolean(errors?.[i])} error={errors?.[i]}>
            <FieldGroup>
              <Stack direction="row" gap={1} alignItems="center">
                <Input
                  width={60}
                  className={fitWidth}
                  value={value}
                  placeholder={placeholder}
                  aria-label={`${label} ${i + 1}`}
                  onChange={(e) => set(i, e.currentTarget.value)}
                />
                <IconButton
                  name="trash-alt"
                  tooltip={`Remove ${label.toLowerCase()} ${i + 1}`}
                  onClick={() => onChange(values.filter((_, j) => j !== i))}
                />
              </Stack>
            </FieldGroup>
          </Field>
        ))}
        <Button variant="secondary" size="sm" icon="plus" onClick={() => onChange([...values, ''])}>
          Add
        </Button>
      </FieldGroup>
    </Field>
  );
}

import React from 'react';
import { Field, FieldSet, Input, TagsInput } from '@grafana/ui';
import { MAX_LINES, PADDING_MINUTES, RED_SERVICES } from '../settings/limits';
import type { SettingsErrors } from '../settings/validateSettings';
import type { CorrelateSettings } from '../settings/types';
import { fitWidth } from '../shared/phoneLayout';
import { testIds } from '../testIds';
import { FieldGroup } from './FieldGroup';

interface Props {
  draft: CorrelateSettings;
  errors: SettingsErrors;
  onChange: (patch: Partial<CorrelateSettings>) => void;
}

interface NumberFieldProps {
  label: string;
  description: string;
  range: { min: number; max: number };
  value: number;
  error?: string;
  testId?: string;
  onChange: (value: number) => void;
}

/** A number input whose empty box is NaN, which validation reports, rather than a silent 0. */
export function NumberField({ label, description, range, value, error, testId, onChange }: NumberFieldProps) {
  return (
    <Field label={label} description={description} invalid={Boolean(error)} error={error}>
      <Input
        type="number"
        width={12}
        min={range.min}
        max={range.max}
        value={Number.isNaN(value) ? '' : value}
        aria-label={label}
        data-testid={testId}
        onChange={(e) => onChange(e.currentTarget.value.trim() === '' ? NaN : Number(e.currentTarget.value))}
      />
    </Field>
  );
}

export function QueryLimitsSection({ draft, errors, onChange }: Props) {
  return (
    <FieldSet label="Queries">
      <Field
        label="Error levels"
        description="Log levels the Errors page shows (matched case-insensitively)."
        invalid={Boolean(errors.errorLevels)}
        error={errors.errorLevels}
      >
        <FieldGroup testId={testIds.appConfig.errorLevels}>
          <TagsInput
            tags={draft.errorLevels}
            onChange={(errorLevels) => onChange({ errorLevels })}
            placeholder="Add a level and press Enter"
            // As wide as the other text fields of the page, not the whole page.
            width={60}
            // Never wider than a phone's page.
            className={fitWidth}
          />
        </FieldGroup>
      </Field>
      <NumberField
        label="Time padding (minutes)"
        description="Added on each side of a log line's time or a trace's span for the investigation window."
        range={PADDING_MINUTES}
        value={draft.paddingMinutes}
        error={errors.paddingMinutes}
        testId={testIds.appConfig.padding}
        onChange={(paddingMinutes) => onChange({ paddingMinutes })}
      />
      <NumberField
        label="Maximum log lines per query"
        description={`At most ${MAX_LINES.max}, Loki's default limit per query.`}
        range={MAX_LINES}
        value={draft.maxLines}
        error={errors.maxLines}
        testId={testIds.appConfig.maxLines}
        onChange={(maxLines) => onChange({ maxLines })}
      />
      <NumberField
        label="Services with RED graphs at once"
        description={`RED graphs (three panels per service) shown before "more services"; failing services first. ${RED_SERVICES.min} to ${RED_SERVICES.max}.`}
        range={RED_SERVICES}
        value={draft.maxRedServices}
        error={errors.maxRedServices}
        onChange={(maxRedServices) => onChange({ maxRedServices })}
      />
    </FieldSet>
  );
}

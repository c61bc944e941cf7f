import React from 'react';
import { Field, FieldSet, Input, TagsInput } from '@grafana/ui';
import { MAX_LINES, PADDING_MINUTES } from '../settings/limits';
import type { SettingsErrors } from '../settings/validateSettings';
import type { CorrelateSettings } from '../settings/types';
import { testIds } from '../testIds';
import { FieldGroup } from './FieldGroup';

interface Props {
  draft: CorrelateSettings;
  errors: SettingsErrors;
  onChange: (patch: Partial<CorrelateSettings>) => void;
}

/** An empty box is NaN, which validation reports, rather than a silent 0. */
const toNumber = (text: string) => (text.trim() === '' ? NaN : Number(text));

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
          />
        </FieldGroup>
      </Field>
      <Field
        label="Time padding (minutes)"
        description="Added on each side of a log line's time or a trace's span for the investigation window."
        invalid={Boolean(errors.paddingMinutes)}
        error={errors.paddingMinutes}
      >
        <Input
          type="number"
          width={12}
          min={PADDING_MINUTES.min}
          max={PADDING_MINUTES.max}
          value={Number.isNaN(draft.paddingMinutes) ? '' : draft.paddingMinutes}
          data-testid={testIds.appConfig.padding}
          onChange={(e) => onChange({ paddingMinutes: toNumber(e.currentTarget.value) })}
        />
      </Field>
      <Field
        label="Maximum log lines per query"
        description={`At most ${MAX_LINES.max}, Loki's default limit per query.`}
        invalid={Boolean(errors.maxLines)}
        error={errors.maxLines}
      >
        <Input
          type="number"
          width={12}
          min={MAX_LINES.min}
          max={MAX_LINES.max}
          value={Number.isNaN(draft.maxLines) ? '' : draft.maxLines}
          data-testid={testIds.appConfig.maxLines}
          onChange={(e) => onChange({ maxLines: toNumber(e.currentTarget.value) })}
        />
      </Field>
    </FieldSet>
  );
}

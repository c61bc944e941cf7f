import React from 'react';
import { FieldSet } from '@grafana/ui';
import { HEALTH_LINES_PER_SERVICE, HEALTH_SERVICES, HEALTH_TRACE_SAMPLE } from '../settings/limits';
import type { CorrelateSettings } from '../settings/types';
import type { SettingsErrors } from '../settings/validateSettings';
import { testIds } from '../testIds';
import { NumberField } from './QueryLimitsSection';

interface Props {
  draft: CorrelateSettings;
  errors: SettingsErrors;
  onChange: (patch: Partial<CorrelateSettings>) => void;
}

/** The samples the Health page reads: each bounds how many requests and lines one run of the checks costs. */
export function HealthSection({ draft, errors, onChange }: Props) {
  return (
    <FieldSet label="Health checks">
      <NumberField
        label="Trace ids looked up in Tempo"
        description={`Sampled from error logs, and as many again from exemplars; one Tempo request each. ${HEALTH_TRACE_SAMPLE.min} to ${HEALTH_TRACE_SAMPLE.max}.`}
        range={HEALTH_TRACE_SAMPLE}
        value={draft.healthTraceSample}
        error={errors.healthTraceSample}
        testId={testIds.appConfig.healthTraceSample}
        onChange={(healthTraceSample) => onChange({ healthTraceSample })}
      />
      <NumberField
        label="Error lines read per service"
        description={`For each service's trace-id share. ${HEALTH_LINES_PER_SERVICE.min} to ${HEALTH_LINES_PER_SERVICE.max}.`}
        range={HEALTH_LINES_PER_SERVICE}
        value={draft.healthLinesPerService}
        error={errors.healthLinesPerService}
        testId={testIds.appConfig.healthLinesPerService}
        onChange={(healthLinesPerService) => onChange({ healthLinesPerService })}
      />
      <NumberField
        label="Services sampled"
        description={`The services with the most errors whose lines are read; the others are counted only. ${HEALTH_SERVICES.min} to ${HEALTH_SERVICES.max}.`}
        range={HEALTH_SERVICES}
        value={draft.healthServices}
        error={errors.healthServices}
        testId={testIds.appConfig.healthServices}
        onChange={(healthServices) => onChange({ healthServices })}
      />
    </FieldSet>
  );
}

import { FieldType, type FieldConfig, type FieldSparkline } from '@grafana/data';

/** A sparkline for @grafana/ui's Sparkline; it reads the y range from the field's state, so it is set here. */
export function sparklineOf(times: number[], values: number[], config: FieldConfig = {}): FieldSparkline {
  const finite = values.filter(Number.isFinite);
  const min = finite.length ? Math.min(...finite) : 0;
  const max = finite.length ? Math.max(...finite) : 0;
  return {
    x: { name: 'time', type: FieldType.time, values: times, config: {} },
    y: { name: 'value', type: FieldType.number, values, config, state: { range: { min, max, delta: max - min } } },
  };
}

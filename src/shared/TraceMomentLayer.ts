import { DataTopic, FieldType, LoadingState, createDataFrame } from '@grafana/data';
import { SceneDataLayerBase, type SceneDataLayerProviderState } from '@grafana/scenes';

/** The moment an investigation is about: a log line's time, or a trace's start and end. */
export interface Moment {
  fromMs: number;
  toMs: number;
  text: string;
}

interface TraceMomentLayerState extends SceneDataLayerProviderState {
  moment?: Moment;
}

/**
 * A data layer that marks the moment on every time series below it (as an annotation region), so
 * each RED graph shows when the trace happened. No query: the moment is known to the page.
 */
export class TraceMomentLayer extends SceneDataLayerBase<TraceMomentLayerState> {
  public constructor(state: Partial<TraceMomentLayerState>) {
    super({ name: 'Trace moment', isEnabled: true, isHidden: true, ...state });
  }

  public setMoment(moment: Moment) {
    this.setState({ moment });
    this.runLayer();
  }

  public runLayer() {
    const m = this.state.moment;
    const series = m
      ? [
          createDataFrame({
            meta: { dataTopic: DataTopic.Annotations },
            fields: [
              { name: 'time', type: FieldType.time, values: [m.fromMs] },
              { name: 'timeEnd', type: FieldType.time, values: [m.toMs] },
              { name: 'isRegion', type: FieldType.boolean, values: [m.toMs > m.fromMs] },
              { name: 'text', type: FieldType.string, values: [m.text] },
              { name: 'color', type: FieldType.string, values: ['red'] },
              { name: 'source', type: FieldType.other, values: [{ name: 'Trace', enable: true, iconColor: 'red' }] },
            ],
          }),
        ]
      : [];
    this.publishResults({
      state: LoadingState.Done,
      series,
      timeRange: undefined as never,
    });
  }

  public onEnable() {}
  public onDisable() {}
}

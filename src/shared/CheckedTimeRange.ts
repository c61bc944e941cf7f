import { SceneTimeRange, type SceneObjectUrlValues } from '@grafana/scenes';
import { checkUrlTimeRange } from './urlTimeRange';

/**
 * A time range that repairs what a pasted link gets wrong (a `from` after its `to`, a time that is
 * not one) when it reads the URL, instead of querying an empty or reversed range.
 */
export class CheckedTimeRange extends SceneTimeRange {
  public updateFromUrl(values: SceneObjectUrlValues) {
    const checked = checkUrlTimeRange(values as Record<string, unknown>, { from: this.state.from, to: this.state.to });
    super.updateFromUrl({ ...values, from: checked.from, to: checked.to });
  }
}

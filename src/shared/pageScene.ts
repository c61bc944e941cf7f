import {
  EmbeddedScene,
  SceneControlsSpacer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneRefreshPicker,
  SceneTimePicker,
  VariableValueSelectors,
  type SceneObject,
  type SceneVariableSet,
} from '@grafana/scenes';
import { CheckedTimeRange } from './CheckedTimeRange';
import { NextTaskControl } from './NextTaskControl';
import { PageMessage } from './PageMessage';
import { checkUrlTimeRange } from './urlTimeRange';

export interface PageSceneOptions {
  /** The page URL's parameters, read for `from` and `to`. */
  search: Record<string, unknown>;
  defaults: { from: string; to: string };
  variables: SceneVariableSet;
  /** The page's own controls, between the variable pickers and the time controls. */
  controls?: SceneObject[];
  children: SceneObject[];
}

/**
 * A page's scene: the time range from its link (what a bad link got wrong named above the content),
 * the variable pickers, the page's own controls, the time and refresh controls, and the content in a column.
 */
export function pageScene({ search, defaults, variables, controls = [], children }: PageSceneOptions): EmbeddedScene {
  const range = checkUrlTimeRange(search, defaults);
  return new EmbeddedScene({
    $timeRange: new CheckedTimeRange({ from: range.from, to: range.to }),
    $variables: variables,
    controls: [
      // The pickers after the page, then the time controls, each in a task of its own: see NextTaskControl.
      new NextTaskControl({ control: new VariableValueSelectors({}) }),
      new SceneControlsSpacer(),
      ...controls,
      new NextTaskControl({ control: new SceneTimePicker({}), order: 2 }),
      new NextTaskControl({ control: new SceneRefreshPicker({}), order: 2 }),
    ],
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        ...range.problems.map(
          (text) =>
            new SceneFlexItem({
              body: new PageMessage({ severity: 'warning', title: 'Part of this link was ignored', text }),
            })
        ),
        ...children.map((body) => new SceneFlexItem({ body })),
      ],
    }),
  });
}

import React from 'react';
import { SceneObjectBase, type SceneComponentProps, type SceneObject, type SceneObjectState } from '@grafana/scenes';
import { useInNextTask } from './useInNextTask';

interface NextTaskControlState extends SceneObjectState {
  control: SceneObject;
  /** Its turn among the parts drawn after the page's first render (lower first; default 1). */
  order?: number;
}

/**
 * A page control drawn a task after the page's first render. Grafana's pickers measure their layout
 * when they mount; with Scenes' activation and the page's body in the same render, a page's first
 * task ran over 200 ms at scale (issue 20). Drawn later, each part is a task of its own.
 */
export class NextTaskControl extends SceneObjectBase<NextTaskControlState> {
  static Component = NextTaskControlRenderer;
}

function NextTaskControlRenderer({ model }: SceneComponentProps<NextTaskControl>) {
  const { control, order } = model.useState();
  const ready = useInNextTask(order);
  return ready ? <control.Component model={control} /> : null;
}

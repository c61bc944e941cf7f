import React from 'react';
import { act, render, screen } from '@testing-library/react';
import { SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
import { nextTask } from '../../correlation/slices';
import { NextTaskControl } from '../NextTaskControl';

interface LabelState extends SceneObjectState {
  text: string;
}

class Label extends SceneObjectBase<LabelState> {
  static Component = ({ model }: SceneComponentProps<Label>) => <span>{model.useState().text}</span>;
}

describe('NextTaskControl', () => {
  it('draws its control a task after the page, and the next one in a task and render of its own after that', async () => {
    const pickers = new NextTaskControl({ control: new Label({ text: 'pickers' }) });
    const time = new NextTaskControl({ control: new Label({ text: 'time' }), order: 2 });
    render(
      <>
        <pickers.Component model={pickers} />
        <time.Component model={time} />
      </>
    );
    // The first render: neither control (their pickers would measure their layout in this task).
    expect(screen.queryByText('pickers')).toBeNull();
    expect(screen.queryByText('time')).toBeNull();
    await act(() => nextTask());
    expect(screen.getByText('pickers')).toBeInTheDocument();
    expect(screen.queryByText('time')).toBeNull();
    await act(() => nextTask());
    expect(screen.getByText('time')).toBeInTheDocument();
  });

  it('a control unmounted before its turn is never drawn, and does not hold the ones after it', async () => {
    const gone = new NextTaskControl({ control: new Label({ text: 'gone' }) });
    const after = new NextTaskControl({ control: new Label({ text: 'after' }), order: 2 });
    const first = render(<gone.Component model={gone} />);
    render(<after.Component model={after} />);
    first.unmount();
    await act(() => nextTask());
    await act(() => nextTask());
    expect(screen.queryByText('gone')).toBeNull();
    expect(screen.getByText('after')).toBeInTheDocument();
  });
});

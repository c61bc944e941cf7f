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
  it('draws its control a task after the page, and one waiting two tasks a task after that', async () => {
    const pickers = new NextTaskControl({ control: new Label({ text: 'pickers' }) });
    const time = new NextTaskControl({ control: new Label({ text: 'time' }), tasks: 2 });
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

  it('a control unmounted before its task comes is never drawn, and nothing throws', async () => {
    const control = new NextTaskControl({ control: new Label({ text: 'late' }) });
    const { unmount } = render(<control.Component model={control} />);
    unmount();
    await act(() => nextTask());
    expect(screen.queryByText('late')).toBeNull();
  });
});

import React from 'react';
import { render, screen } from '@testing-library/react';
import { plugin } from '../../module';
import { lazyComponent } from '../lazyComponent';

jest.mock('../../app/App', () => ({
  __esModule: true,
  default: ({ meta }: { meta: { id: string } }) => <p>app root of {meta.id}</p>,
}));

/** Grafana's error boundary around a plugin's page, in short. */
class Boundary extends React.Component<{ children: React.ReactNode }, { error?: Error }> {
  state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  render() {
    return this.state.error ? <p>caught: {this.state.error.message}</p> : this.props.children;
  }
}
const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('lazyComponent', () => {
  it('draws the app root as soon as its code arrives, not React’s Suspense throttle later (300 ms)', async () => {
    // module.tsx's root page: its code (mocked here, a resolved import) arrives in a few ms.
    const Root = plugin.root as React.ComponentType<{ meta: { id: string } }>;
    const t0 = performance.now();
    render(<Root meta={{ id: 'correlate-investigation-app' }} />);
    await screen.findByText('app root of correlate-investigation-app', undefined, { interval: 5, timeout: 2000 });
    // With React.lazy in a Suspense boundary this took 300 ms and more (FALLBACK_THROTTLE_MS).
    expect(performance.now() - t0).toBeLessThan(250);
  });

  it('shows Grafana’s loading placeholder, then the component with its props', async () => {
    let arrive!: () => void;
    const Lazy = lazyComponent<{ name: string }>(
      () =>
        new Promise((resolve) => {
          arrive = () => resolve({ default: ({ name }) => <p>hello {name}</p> });
        })
    );
    render(<Lazy name="on-call" />);
    expect(screen.getByTestId('Spinner')).toBeInTheDocument();
    arrive();
    expect(await screen.findByText('hello on-call')).toBeInTheDocument();
    // Loaded once: a second mount draws at once, with no fallback.
    render(<Lazy name="again" />);
    expect(screen.getByText('hello again')).toBeInTheDocument();
  });

  it('hands a chunk that does not arrive to the error boundary around the plugin, as React.lazy did', async () => {
    const Lazy = lazyComponent<object>(() => Promise.reject(new Error('Loading chunk 873 failed.')));
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    render(
      <Boundary>
        <Lazy />
      </Boundary>
    );
    expect(await screen.findByText('caught: Loading chunk 873 failed.')).toBeInTheDocument();
    errors.mockRestore();
  });

  it('does not update an unmounted component when its code arrives late', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const Lazy = lazyComponent<object>(() => after(20).then(() => ({ default: () => <p>late</p> })));
    const { unmount } = render(<Lazy />);
    unmount();
    await after(40);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });
});

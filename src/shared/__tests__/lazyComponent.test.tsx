import React from 'react';
import { render, screen } from '@testing-library/react';
import { lazyComponent } from '../lazyComponent';

jest.mock('../../app/App', () => ({
  __esModule: true,
  default: ({ meta }: { meta: { id: string } }) => <p>app root of {meta.id}</p>,
}));

const fallback = <p>loading</p>;
const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('lazyComponent', () => {
  it('draws the app root as soon as its code arrives, not React’s Suspense throttle later (300 ms)', async () => {
    // module.tsx's root page: its code (mocked here, a resolved import) arrives in a few ms.
    const { plugin } = await import('../../module');
    const Root = plugin.root as React.ComponentType<{ meta: { id: string } }>;
    const t0 = performance.now();
    render(<Root meta={{ id: 'correlate-investigation-app' }} />);
    await screen.findByText('app root of correlate-investigation-app', undefined, { interval: 5, timeout: 2000 });
    // With React.lazy in a Suspense boundary this took 300 ms and more (FALLBACK_THROTTLE_MS).
    expect(performance.now() - t0).toBeLessThan(250);
  });

  it('shows the fallback, then the component with its props', async () => {
    let arrive!: () => void;
    const Lazy = lazyComponent<{ name: string }>(
      () =>
        new Promise((resolve) => {
          arrive = () => resolve({ default: ({ name }) => <p>hello {name}</p> });
        }),
      fallback
    );
    render(<Lazy name="on-call" />);
    expect(screen.getByText('loading')).toBeInTheDocument();
    arrive();
    expect(await screen.findByText('hello on-call')).toBeInTheDocument();
    // Loaded once: a second mount draws at once, with no fallback.
    render(<Lazy name="again" />);
    expect(screen.getByText('hello again')).toBeInTheDocument();
  });

  it('says what failed when the code does not arrive, and a later mount tries again', async () => {
    let calls = 0;
    const Lazy = lazyComponent<object>(() => {
      calls++;
      return calls === 1
        ? Promise.reject(new Error('Loading chunk 873 failed.'))
        : Promise.resolve({ default: () => <p>loaded</p> });
    }, fallback);
    const first = render(<Lazy />);
    expect(await screen.findByText('Correlate could not load this view')).toBeInTheDocument();
    expect(screen.getByText(/Loading chunk 873 failed\..*Reload the page/)).toBeInTheDocument();
    first.unmount();
    render(<Lazy />);
    expect(await screen.findByText('loaded')).toBeInTheDocument();
    expect(calls).toBe(2);
  });

  it('does not update an unmounted component when its code arrives late', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const Lazy = lazyComponent<object>(() => after(20).then(() => ({ default: () => <p>late</p> })), fallback);
    const { unmount } = render(<Lazy />);
    unmount();
    await after(40);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });
});

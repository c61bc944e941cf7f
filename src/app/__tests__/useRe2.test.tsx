import React from 'react';
import { render, renderHook, screen, waitFor } from '@testing-library/react';
import { RE2JS } from 're2js';
import { loadRe2, re2, unloadRe2ForTests } from '../../correlation/re2';
import { Re2Failed, useRe2 } from '../useRe2';

describe('useRe2', () => {
  beforeEach(() => unloadRe2ForTests());
  afterAll(() => loadRe2());

  it('without configured patterns, never asks for RE2', () => {
    const importer = jest.fn(() => Promise.resolve({ RE2JS }));
    const { result } = renderHook(() => useRe2(false, () => loadRe2(importer)));
    expect(result.current).toEqual({ status: 'ready' });
    expect(importer).not.toHaveBeenCalled();
    expect(re2()).toBeUndefined();
  });

  it('with patterns, is loading until RE2 has loaded, then ready', async () => {
    const importer = jest.fn(() => Promise.resolve({ RE2JS }));
    const { result } = renderHook(() => useRe2(true, () => loadRe2(importer)));
    expect(result.current).toEqual({ status: 'loading' });
    await waitFor(() => expect(result.current).toEqual({ status: 'ready' }));
    expect(re2()).toBe(RE2JS);
    expect(importer).toHaveBeenCalledTimes(1);
  });

  it('reports a failed load with its reason, and the message says what to do', async () => {
    const failing = () => Promise.reject(new Error('Loading chunk 87 failed.'));
    const { result } = renderHook(() => useRe2(true, () => loadRe2(failing)));
    await waitFor(() => expect(result.current).toEqual({ status: 'failed', reason: 'Loading chunk 87 failed.' }));
    render(<Re2Failed reason="Loading chunk 87 failed." />);
    expect(screen.getByText('Your trace-id patterns are not applied')).toBeInTheDocument();
    expect(screen.getByText(/Reload the page/)).toHaveTextContent('Loading chunk 87 failed.');
  });
});

import { useEffect, useLayoutEffect, useRef, useState } from 'react';

/**
 * Calls `onWidth` with the element's own width now and whenever it changes: an embed sits in a
 * dashboard panel or another plugin's column, so the window's width says nothing about its room.
 * Returns a callback ref, so an element rendered later (after a loading state) is measured too.
 */
export function useContainerWidth<T extends HTMLElement>(onWidth: (px: number) => void) {
  const [element, setElement] = useState<T | null>(null);
  const latest = useRef(onWidth);
  useLayoutEffect(() => {
    latest.current = onWidth;
  });
  useEffect(() => {
    if (!element) {
      return;
    }
    latest.current(element.getBoundingClientRect().width);
    if (typeof ResizeObserver === 'undefined') {
      return;
    }
    const observer = new ResizeObserver((entries) => {
      const width = entries[entries.length - 1]?.contentRect.width;
      if (width !== undefined) {
        latest.current(width);
      }
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return setElement;
}

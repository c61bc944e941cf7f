import { useEffect, useRef, useState } from 'react';
import { nextTask } from '../correlation/slices';

/**
 * Parts of a page drawn after its first render, one part per task (issue 20: no task over 200 ms).
 * A page whose first render draws its pickers, Scenes' activation and a panel together is one long
 * task at scale. Each part waits for the one before it to be drawn (its render committed), then a
 * task more: parts revealed in one task would be drawn by React in one render, that is one task.
 */
interface Part {
  order: number;
  state: 'waiting' | 'revealed' | 'drawn';
  reveal: () => void;
}

const waiting: Part[] = [];
let current: Part | undefined;

function pump() {
  if (current || waiting.length === 0) {
    return;
  }
  // Lower `order` first; equal orders in the order they asked.
  waiting.sort((a, b) => a.order - b.order);
  const next = waiting.shift()!;
  current = next;
  void nextTask().then(() => {
    if (next.state === 'waiting') {
      next.state = 'revealed';
      next.reveal();
    } else {
      done(next);
    }
  });
}

function done(part: Part) {
  part.state = 'drawn';
  if (current === part) {
    current = undefined;
    pump();
  }
}

/**
 * False on the first render; true once this part's turn came (parts with a lower `order` first),
 * each in a task and a render of its own.
 */
export function useInNextTask(order = 1): boolean {
  const [ready, setReady] = useState(false);
  const part = useRef<Part | undefined>(undefined);
  useEffect(() => {
    const mine: Part = { order, state: 'waiting', reveal: () => setReady(true) };
    part.current = mine;
    waiting.push(mine);
    pump();
    return () => {
      // Unmounted before or after its turn: it must not hold the parts after it.
      const i = waiting.indexOf(mine);
      if (i >= 0) {
        waiting.splice(i, 1);
      }
      if (mine.state !== 'drawn') {
        mine.state = 'drawn';
        done(mine);
      }
    };
  }, [order]);
  useEffect(() => {
    // Drawn: the next part may go.
    if (ready && part.current && part.current.state === 'revealed') {
      done(part.current);
    }
  }, [ready]);
  return ready;
}

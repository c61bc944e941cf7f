import { useEffect, useState } from 'react';
import { nextTask } from '../correlation/slices';

/**
 * False on the first render, true from a task of its own after it (`tasks` tasks later: parts
 * waiting 1 and 2 tasks are drawn in two renders, not one). A page whose first render
 * draws its controls, Scenes' activation and a panel together is one long task at scale; drawing the
 * panel a task later gives the browser its turn between the two (issue 20: no task over 200 ms).
 */
export function useInNextTask(tasks = 1): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    const wait = async () => {
      for (let i = 0; i < tasks && live; i++) {
        await nextTask();
      }
      if (live) {
        setReady(true);
      }
    };
    void wait();
    return () => {
      live = false;
    };
  }, [tasks]);
  return ready;
}

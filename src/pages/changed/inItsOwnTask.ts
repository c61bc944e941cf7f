/**
 * Runs a pure comparison in a task of its own: the answers of every kind arrive together, and their
 * readers and rankings over untrusted data (10,000 versions, 1,000 patterns, hostile lines) run one
 * per task instead of all in the task that received the last answer.
 */
export async function inItsOwnTask<T>(work: () => T): Promise<T> {
  // A timer, as the page's first comparison starts (ChangedView): at most ~10 in a row, so a hidden
  // tab's timer throttling (about 1 s each) delays a comparison nobody is looking at, no more.
  await new Promise((resolve) => setTimeout(resolve, 0));
  return work();
}

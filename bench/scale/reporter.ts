import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** Prints what the benchmark prints, and a failure's message; nothing of Playwright's own. */
export default class ScaleReporter implements Reporter {
  onStdOut(chunk: string | Buffer) {
    process.stdout.write(chunk);
  }
  onStdErr(chunk: string | Buffer) {
    process.stderr.write(chunk);
  }
  onTestEnd(_test: TestCase, result: TestResult) {
    if (result.status !== 'passed') {
      for (const e of result.errors) {
        process.stderr.write(`${(e.message ?? '').split('\n')[0]}\n`);
      }
    }
  }
}

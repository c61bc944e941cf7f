/**
 * Everything that went wrong in the page: uncaught errors, unhandled rejections (a failed chunk
 * load is one, a ChunkLoadError) and render errors of the mounted views.
 */
export const errors: string[] = [];

export function recordError(kind: string, error: unknown) {
  const text =
    error instanceof Error
      ? `${error.name}: ${error.message}${error.stack ? `\n${error.stack.split('\n').slice(1, 4).join('\n')}` : ''}`
      : String(error);
  errors.push(`${kind}: ${text}`);
}

export function listenForPageErrors() {
  window.addEventListener('error', (event) => recordError('uncaught error', event.error ?? event.message));
  window.addEventListener('unhandledrejection', (event) => recordError('unhandled rejection', event.reason));
}

/**
 * Makes `controller` abort when `signal` does (at once if it already has), with `signal`'s reason,
 * and returns the way to stop following it: call that when the work has settled.
 *
 * One listener, removed by the returned function, rather than a combined signal: Node keeps an
 * `AbortSignal.any` alive for as long as it has listeners and its sources live, and the
 * scheduler's signal lives as long as the app (left in place, every reading leaked about 1 KB,
 * test/reliability/soak.test.ts); even cleaned up, each one costs a weak reference and a
 * finaliser, per request and per reading.
 */
export function abortWith(controller: AbortController, signal: AbortSignal | undefined): () => void {
  if (!signal) return () => undefined;
  const follow = (): void => controller.abort(signal.reason);
  if (signal.aborted) {
    follow();
    return () => undefined;
  }
  signal.addEventListener('abort', follow, { once: true });
  return () => signal.removeEventListener('abort', follow);
}

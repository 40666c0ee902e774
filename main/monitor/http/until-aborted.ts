/** The signal aborted: what was being waited for is abandoned. */
export class Abandoned extends Error {
  override readonly name = 'Abandoned';
}

/**
 * Runs `work` unless `signal` has aborted, and settles with it or, the moment `signal` aborts,
 * rejects; a late outcome of `work` is dropped.
 */
export function untilAborted<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  if (signal.aborted) return Promise.reject(new Abandoned('aborted before it started'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Abandoned('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    work()
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

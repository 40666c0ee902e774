/**
 * The most that Buffer and ArrayBuffer memory grew by while `work` ran, sampled every few
 * milliseconds. Bodies, decompressed chunks and their concatenation all live there, so a size
 * cap that fails shows as hundreds of MB; a working one as a few. Samples can miss a peak
 * between them, so a test bounds this generously and never reads it as an exact figure.
 */
export async function peakBufferGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const before = process.memoryUsage().arrayBuffers;
  let peak = before;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);
  };
  const timer = setInterval(sample, 2);
  try {
    const result = await work();
    sample();
    return { result, growth: peak - before };
  } finally {
    clearInterval(timer);
  }
}

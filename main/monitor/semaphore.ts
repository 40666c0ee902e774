/**
 * A counting semaphore with FIFO fairness: the global check cap (`maxConcurrent`) and the HTTP
 * client's per-host cap are both this.
 */
export class Semaphore {
  readonly #waiters: (() => void)[] = [];
  #available: number;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be >= 1, got ${capacity}`);
    this.#available = capacity;
  }

  get inUse(): number {
    return this.capacity - this.#available;
  }

  get waiting(): number {
    return this.#waiters.length;
  }

  /** Resolves with a release function once a slot is free. Release exactly once. */
  async acquire(): Promise<() => void> {
    if (this.#available > 0) {
      this.#available -= 1;
    } else {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      // Hand the slot straight to the next waiter so nobody can jump the queue.
      if (next) next();
      else this.#available += 1;
    };
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await task();
    } finally {
      release();
    }
  }
}

/** One semaphore per key (per host), created on demand and dropped when idle. */
export class KeyedSemaphore {
  readonly #byKey = new Map<string, Semaphore>();

  constructor(readonly capacityPerKey: number) {}

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    let semaphore = this.#byKey.get(key);
    if (!semaphore) {
      semaphore = new Semaphore(this.capacityPerKey);
      this.#byKey.set(key, semaphore);
    }
    try {
      return await semaphore.run(task);
    } finally {
      if (semaphore.inUse === 0 && semaphore.waiting === 0) this.#byKey.delete(key);
    }
  }

  get activeKeys(): number {
    return this.#byKey.size;
  }
}

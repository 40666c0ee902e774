/**
 * The HTTP stacks the bench's floors poll with: bare loops with no engine module loaded, body read
 * and dropped. The round worker and the steady-state worker both use them, so a floor means the
 * same in both tables.
 */

/** One floor's way to the network, on its own agent (its own connections). */
export interface BareStack {
  /** Resolves true for a 200 whose body was read. */
  get(url: string): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * undici's `fetch` (what Node's global fetch is, the floor issue 8 names) or its lower-level
 * `request` (the stack the engine is built on). undici is imported here, not at the top: the Node
 * http floor's memory must not include it.
 */
export async function undiciStack(kind: 'fetch' | 'request'): Promise<BareStack> {
  const { Agent, fetch, request } = await import('undici');
  const agent = new Agent();
  return {
    get: async (url) => {
      if (kind === 'fetch') {
        const answer = await fetch(url, { dispatcher: agent });
        await answer.arrayBuffer();
        return answer.status === 200;
      }
      const answer = await request(url, { dispatcher: agent });
      await answer.body.text();
      return answer.statusCode === 200;
    },
    close: () => agent.close(),
  };
}

/** Node's own `http` module: the lightest stack Node has, for what the runtime itself costs. */
export async function nodeHttpStack(): Promise<BareStack> {
  const http = await import('node:http');
  // Keep-alive as undici's agent has it by default, so each stack reuses what it can.
  const agent = new http.Agent({ keepAlive: true, keepAliveMsecs: 4_000 });
  return {
    get: (url) =>
      new Promise<boolean>((resolve, reject) => {
        http
          .get(url, { agent }, (response) => {
            response.on('data', () => undefined);
            response.on('end', () => resolve(response.statusCode === 200));
            response.on('error', reject);
          })
          .on('error', reject);
      }),
    close: () => {
      agent.destroy();
      return Promise.resolve();
    },
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Measurements run in child processes: each variant starts fresh, so its peak RSS is its own
 * (a process's high-water mark never goes down), and the loopback server lives in a process of
 * its own, so its CPU is not counted against the client.
 */

export type WorkerName = 'loopback-server' | 'round' | 'steady';

export function workerPath(name: WorkerName): string {
  return fileURLToPath(new URL(`./workers/${name}.js`, import.meta.url));
}

/** Runs a worker to its end and returns the JSON object it printed as its last stdout line. */
export function runWorker(
  name: WorkerName,
  args: readonly string[],
  timeoutMs: number,
  nodeFlags: readonly string[] = [],
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, workerPath(name), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bench worker ${name} ${args.join(' ')} took longer than ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new Error(`bench worker ${name} exited with ${code}: ${stderr.trim()}`));
        return;
      }
      const last = stdout.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(last) as unknown);
      } catch {
        reject(new Error(`bench worker ${name} printed no result: ${stdout.trim()} ${stderr.trim()}`));
      }
    });
  });
}

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  stop(): Promise<void>;
}

/** Starts the loopback server process; it answers every path with a small 200. */
export function startLoopbackServer(): Promise<LoopbackServer> {
  return new Promise((resolve, reject) => {
    // stdin is a pipe the server watches: if this process dies, the server goes with it.
    const child = spawn(process.execPath, [workerPath('loopback-server')], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let buffered = '';
    const onData = (chunk: string): void => {
      buffered += chunk;
      const newline = buffered.indexOf('\n');
      if (newline === -1) return;
      child.stdout.off('data', onData);
      const { port } = JSON.parse(buffered.slice(0, newline)) as { port?: unknown };
      if (typeof port !== 'number') {
        reject(new Error(`the loopback server did not say its port: ${buffered}`));
        return;
      }
      resolve({ base: `http://127.0.0.1:${port}`, stop: () => stopChild(child) });
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the loopback server exited early (${code})`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.stdin?.end();
  });
}

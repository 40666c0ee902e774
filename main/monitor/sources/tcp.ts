import { connect, type Socket } from 'node:net';
import { z } from 'zod';
import type { Reading } from '../reading.js';
import { commonSourceFields, hostname, port } from './fields.js';
import { defineSource, type ReadContext } from './source.js';
import { errorCode } from '../http/errors.js';

const tcpConfig = z.strictObject({
  type: z.literal('tcp'),
  ...commonSourceFields,
  host: hostname,
  port,
  degradedAboveMs: z
    .number({ error: 'expected a number of milliseconds' })
    .int({ error: 'expected a whole number of milliseconds' })
    .positive({ error: 'degradedAboveMs must be above 0' })
    .optional(),
});

export type TcpSourceConfig = z.infer<typeof tcpConfig>;

/** How waiting for a socket ended; `connected` says whether the TCP handshake had completed. */
export type SocketWait =
  | { readonly kind: 'ready' }
  | { readonly kind: 'error'; readonly error: Error; readonly connected: boolean }
  | { readonly kind: 'timeout'; readonly connected: boolean }
  | { readonly kind: 'cancelled' };

/** A failed wait, the input of `connectFailureReading`. */
export type SocketFailure = Exclude<SocketWait, { kind: 'ready' }>;

/**
 * The engine may enforce the timeout by aborting the signal with a TimeoutError
 * (AbortSignal.timeout does); that is the target's slowness, not a cancelled check.
 */
export function isTimeoutReason(reason: unknown): boolean {
  return reason instanceof Error && reason.name === 'TimeoutError';
}

/**
 * Waits for `readyEvent` (net's 'connect' or tls's 'secureConnect'), the socket's error, our own
 * timer at ctx.timeoutMs, or the abort signal, whichever comes first. Never rejects; the caller
 * destroys the socket.
 */
export function waitForSocket(
  socket: Socket,
  readyEvent: 'connect' | 'secureConnect',
  ctx: ReadContext,
): Promise<SocketWait> {
  // An error emitted after we stopped listening (late reset) must not crash the process.
  socket.on('error', () => undefined);
  return new Promise((resolve) => {
    let connected = false;
    const onConnect = (): void => {
      connected = true;
    };
    const onReady = (): void => {
      finish({ kind: 'ready' });
    };
    const onError = (error: Error): void => {
      finish({ kind: 'error', error, connected });
    };
    // TLS reports an early close as an error first; this is a fallback so we never hang.
    const onClose = (): void => {
      finish({ kind: 'error', error: new Error('connection closed'), connected });
    };
    const onAbort = (): void => {
      finish(isTimeoutReason(ctx.signal.reason) ? { kind: 'timeout', connected } : { kind: 'cancelled' });
    };
    const timer = ctx.clock.setTimer(ctx.timeoutMs, () => {
      finish({ kind: 'timeout', connected });
    });
    function finish(outcome: SocketWait): void {
      timer.cancel();
      ctx.signal.removeEventListener('abort', onAbort);
      socket.off('connect', onConnect).off(readyEvent, onReady).off('error', onError).off('close', onClose);
      resolve(outcome);
    }
    socket.once('connect', onConnect).once(readyEvent, onReady).once('error', onError).once('close', onClose);
    if (ctx.signal.aborted) onAbort();
    else ctx.signal.addEventListener('abort', onAbort, { once: true });
  });
}

const RESOLVE_FAILURES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
const CONNECT_FAILURES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
};

/** The reading for a connection that never became usable (shared with the TLS source). */
export function connectFailureReading(
  failure: SocketFailure,
  host: string,
  ctx: ReadContext,
  checkedAt: number,
): Reading {
  if (failure.kind === 'cancelled')
    return { status: 'unknown', detail: 'check cancelled', checkedAt, reached: false };
  if (failure.kind === 'timeout') {
    const detail = `no connection within ${ctx.timeoutMs} ms`;
    return { status: 'major_outage', detail, checkedAt, reached: false };
  }
  const code = errorCode(failure.error);
  // Refused counts as not reached, as reading.ts lists it: the RST may come from a firewall or
  // VPN on our side rather than the host, and while the machine is offline connectivity must be
  // free to discard it. While online the reading still says major_outage.
  const detail =
    code !== undefined && RESOLVE_FAILURES.has(code)
      ? `could not resolve host ${host}`
      : ((code !== undefined ? CONNECT_FAILURES[code] : undefined) ??
        `connection failed: ${failure.error.message}`);
  return { status: 'major_outage', detail, checkedAt, reached: false };
}

/** Milliseconds since `start` on the injected clock; a wall-clock step back must not go negative. */
export function elapsedSince(start: number, ctx: ReadContext): number {
  return Math.max(0, Math.round(ctx.clock.now() - start));
}

export const tcpSource = defineSource<TcpSourceConfig>({
  type: 'tcp',
  family: 'probe',
  title: 'TCP probe',
  schema: tcpConfig,
  defaults: { intervalSeconds: 60, timeoutMs: 10_000 },
  defaultLabel: (config) => `${config.host}:${config.port}`,
  async read(config, ctx) {
    const checkedAt = ctx.clock.now();
    const socket = connect({ host: config.host, port: config.port });
    try {
      const wait = await waitForSocket(socket, 'connect', ctx);
      if (wait.kind !== 'ready') return connectFailureReading(wait, config.host, ctx, checkedAt);
      const latencyMs = elapsedSince(checkedAt, ctx);
      const limit = config.degradedAboveMs;
      const detail = `connected in ${latencyMs} ms`;
      return limit !== undefined && latencyMs > limit
        ? {
            status: 'degraded',
            detail: `${detail} (slower than ${limit} ms)`,
            checkedAt,
            reached: true,
            latencyMs,
          }
        : { status: 'operational', detail, checkedAt, reached: true, latencyMs };
    } finally {
      socket.destroy();
    }
  },
});

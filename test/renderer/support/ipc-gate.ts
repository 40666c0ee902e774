import type { IpcHandlers } from '../../../main/app/ipc.js';
import { isRequestChannel, parseArguments } from '../../../main/desktop/ipc-arguments.js';
import { isTrustedSender } from '../../../main/desktop/security.js';
import type { RequestArgs, RequestChannel, RequestResult } from '../../../main/shared/ipc.js';
import type { Reply } from './page-api.js';

/**
 * main/app/ipc.ts's gate, without Electron: the sender must be the app's own top frame and the
 * arguments must validate before the handler runs. Errors come back as Electron sends them.
 */
export async function gate(
  handlers: IpcHandlers,
  frame: { url: string; isTopFrame: boolean },
  appUrl: string,
  channel: unknown,
  args: readonly unknown[],
): Promise<Reply> {
  if (!isRequestChannel(channel)) return { error: `Error: No handler registered for '${String(channel)}'` };
  if (!isTrustedSender(frame, appUrl))
    return { error: `Error: ${channel}: refused: not sent by the Downwatch window` };
  const parsed = parseArguments(channel, args);
  if (!parsed.ok) return { error: `Error: ${parsed.message}` };
  try {
    return { result: await call(handlers, channel, parsed.args) };
  } catch (error) {
    return { error: String(error) };
  }
}

function call<C extends RequestChannel>(
  handlers: IpcHandlers,
  channel: C,
  args: RequestArgs<C>,
): Promise<RequestResult<C>> | RequestResult<C> {
  const handler = handlers[channel] as (
    ...validated: RequestArgs<C>
  ) => Promise<RequestResult<C>> | RequestResult<C>;
  return handler(...args);
}

import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { parseArguments } from '../desktop/ipc-arguments.js';
import { isTrustedSender } from '../desktop/security.js';
import type { RequestArgs, RequestChannel, RequestResult } from '../shared/ipc.js';

/** What main does for each request channel: validated arguments in, a result out. */
export type IpcHandlers = {
  readonly [C in RequestChannel]: (...args: RequestArgs<C>) => Promise<RequestResult<C>> | RequestResult<C>;
};

export interface IpcDeps {
  readonly handlers: IpcHandlers;
  /** The renderer's URL: only its top frame may call. */
  readonly appUrl: string;
  readonly log: (message: string) => void;
}

/**
 * Registers every request channel through one gate (electron/fiddle's habit): the sender frame
 * must be the app's own page, and the arguments must validate, before the handler runs.
 * Returns the disposer.
 */
export function setupIpc(deps: IpcDeps): () => void {
  const channels = Object.keys(deps.handlers) as RequestChannel[];
  for (const channel of channels) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) =>
      gate(channel, event, args, deps),
    );
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

async function gate<C extends RequestChannel>(
  channel: C,
  event: IpcMainInvokeEvent,
  args: readonly unknown[],
  deps: IpcDeps,
): Promise<RequestResult<C>> {
  const frame = event.senderFrame;
  if (!frame || !isTrustedSender({ url: frame.url, isTopFrame: frame.parent === null }, deps.appUrl)) {
    deps.log(`refused ${channel} from a foreign frame (${frame?.url ?? 'gone'})`);
    throw new Error(`${channel}: refused: not sent by the Downwatch window`);
  }
  const parsed = parseArguments(channel, args);
  if (!parsed.ok) {
    deps.log(parsed.message);
    throw new Error(parsed.message);
  }
  const handler = deps.handlers[channel] as (
    ...validated: RequestArgs<C>
  ) => Promise<RequestResult<C>> | RequestResult<C>;
  return handler(...parsed.args);
}

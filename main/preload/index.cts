// CommonJS on purpose (.cts): Electron does not load ES modules as sandboxed preload scripts.
import electron = require('electron');
import type { IpcRendererEvent } from 'electron';
import type { DownwatchApi, PushChannel, PushChannels } from '../shared/ipc.js';
import type { SettingsEdit } from '../shared/settings-view.js';

/**
 * `window.downwatch`: one method per request channel of the IPC contract (main/shared/ipc.ts)
 * and one way to listen to what main pushes. Nothing else of Electron reaches the page: the
 * listener gets the payload, never the IPC event (whose `sender` would be a way back in).
 */
const { contextBridge, ipcRenderer } = electron;

const PUSH_CHANNELS: readonly PushChannel[] = [
  'snapshot:changed',
  'window:show-service',
  'window:show-settings',
  'settings:changed',
];

const api = {
  snapshotGet: () => ipcRenderer.invoke('snapshot:get'),
  servicesCheckNow: (serviceIds?: readonly string[]) => ipcRenderer.invoke('services:check-now', serviceIds),
  servicesHistory: (serviceId: string) => ipcRenderer.invoke('services:history', serviceId),
  servicesDetect: (url: string) => ipcRenderer.invoke('services:detect', url),
  configValidate: (config: unknown) => ipcRenderer.invoke('config:validate', config),
  notificationsSnooze: (until: number | null) => ipcRenderer.invoke('notifications:snooze', until),
  shellOpenExternal: (url: string) => ipcRenderer.invoke('shell:open-external', url),
  settingsGet: () => ipcRenderer.invoke('settings:get'),
  settingsEdit: (edit: SettingsEdit) => ipcRenderer.invoke('settings:edit', edit),
  secretsStore: (name: string, value: string) => ipcRenderer.invoke('secrets:store', name, value),
  settingsExport: () => ipcRenderer.invoke('settings:export'),
  settingsImport: () => ipcRenderer.invoke('settings:import'),
  catalogSearch: (query: string) => ipcRenderer.invoke('catalog:search', query),
  catalogAdd: (id: string) => ipcRenderer.invoke('catalog:add', id),
  windowHide: () => ipcRenderer.invoke('window:hide'),
  on: <P extends PushChannel>(channel: P, listener: (payload: PushChannels[P]) => void): (() => void) => {
    if (!PUSH_CHANNELS.includes(channel)) throw new Error(`downwatch.on: unknown channel ${channel}`);
    const forward = (_event: IpcRendererEvent, payload: PushChannels[P]): void => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
} satisfies DownwatchApi;

export type PreloadApi = typeof api;

contextBridge.exposeInMainWorld('downwatch', api);

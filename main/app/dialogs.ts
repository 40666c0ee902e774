import { dialog, type BrowserWindow } from 'electron';

/**
 * The system's file dialogs for import and export (issue 5, "Settings and data"), attached to
 * the popover (PopoverWindow.withDialog keeps it open under them). Undefined when cancelled.
 */

const JSON_FILES = [{ name: 'Downwatch config (JSON)', extensions: ['json'] }];

export interface DialogHost {
  withDialog<T>(open: (parent: BrowserWindow) => Promise<T>): Promise<T>;
}

export interface ConfigDialogs {
  readonly chooseExportPath: (suggestedName: string) => Promise<string | undefined>;
  readonly chooseImportPath: () => Promise<string | undefined>;
}

export function setupConfigDialogs(host: DialogHost, documentsDir: string): ConfigDialogs {
  return {
    chooseExportPath: (suggestedName) =>
      host.withDialog(async (parent) => {
        const result = await dialog.showSaveDialog(parent, {
          title: 'Export services and settings',
          defaultPath: `${documentsDir}/${suggestedName}`,
          filters: JSON_FILES,
          properties: ['createDirectory', 'showOverwriteConfirmation'],
        });
        return result.canceled || !result.filePath ? undefined : result.filePath;
      }),
    chooseImportPath: () =>
      host.withDialog(async (parent) => {
        const result = await dialog.showOpenDialog(parent, {
          title: 'Import services and settings',
          defaultPath: documentsDir,
          filters: JSON_FILES,
          properties: ['openFile'],
        });
        return result.canceled ? undefined : result.filePaths[0];
      }),
  };
}

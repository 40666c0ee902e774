/**
 * Who the app is to the operating system: the macOS bundle id and the Windows AppUserModelID
 * (toasts show only for an app whose Start-menu shortcut carries it). electron-builder.yml
 * writes the same values into the installers; test/build checks that they agree.
 */
export const APP_ID = 'com.downwatch.app';
export const PRODUCT_NAME = 'Downwatch';

import packageJson from '../../package.json' with { type: 'json' };

/** The app's version, from package.json (tsc copies it beside the build). */
export const VERSION: string = packageJson.version;

export const USER_AGENT = `Downwatch/${VERSION}`;

import { empty } from './scenes/empty.js';
import { everyday } from './scenes/everyday.js';
import { offline } from './scenes/offline.js';
import { xss } from './scenes/xss.js';

/** The named scenes a renderer test opens a page on, each run for real by app-under-test.ts. */
export const SCENES = { everyday, offline, empty, xss } as const;

export type SceneName = keyof typeof SCENES;

export { manyScene } from './scenes/many.js';
export { XSS_IMG, XSS_SCRIPT } from './scenes/xss.js';
export { DETECT_HOMEPAGE } from './scenes/detect-site.js';
export type { Scene } from './scenes/scene.js';

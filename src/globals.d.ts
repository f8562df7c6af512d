// Constants set at build time: by esbuild's `define` in build.mjs, and by the vitest configs.

/**
 * True only in the end-to-end tests' build (`node build.mjs --e2e`): our shadow roots are open there,
 * because Playwright's and Puppeteer's locators cannot reach into closed ones. Closed everywhere else.
 */
declare const OPEN_SHADOW_ROOTS: boolean;

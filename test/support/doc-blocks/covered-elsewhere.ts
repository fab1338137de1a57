// Doc blocks that are files (`<!-- file: PATH -->`) are run by their own tests; this says which, per folder.

/** Folder of embedded files → the tests that import and run them (each must name the file). */
const COVERING_TESTS: Record<string, string[]> = {
  'packages/client/examples/first-app/': [
    'packages/client/test/first-app.test.ts', // Node server and client; every block verbatim
    'packages/client/test/browser.test.ts', // browser.ts bundled and driven in headless Chromium
  ],
};

/** The covering tests of an embedded file, or [] when nothing is known to run it. */
export function coveringTests(path: string): string[] {
  const folder = Object.keys(COVERING_TESTS).find((prefix) => path.startsWith(prefix));
  return folder === undefined ? [] : COVERING_TESTS[folder]!;
}

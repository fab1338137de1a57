// For the CLI play/interactive tests: the platform with RPS in-process (the shared fixture), plus output parsing.
export {
  startTestPlatform as startPlayPlatform,
  type TestPlatform as PlayPlatform,
} from '../../src/testing.ts';

/** JSON lines printed by `play --json`, parsed. */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

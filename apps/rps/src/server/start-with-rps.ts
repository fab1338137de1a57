// startPlatform with RPS registered (id 1, as the seed) and its final scores going to the Scores table.
import {
  createDefaultRegistry,
  type PlatformConfig,
  type RunningPlatform,
  type StartPlatformOptions,
  startPlatform,
} from '@paperclip/platform';
import { createPlatformRpsGame } from './platform-scores.ts';

/**
 * Starts the platform hosting its default games plus RPS. This is the composition root's job (the platform
 * never imports apps): `paperclip serve` and the tests call it.
 */
export async function startPlatformWithRps(
  config: PlatformConfig,
  options: Omit<StartPlatformOptions, 'registry'> = {},
): Promise<RunningPlatform> {
  const rps = createPlatformRpsGame();
  const platform = await startPlatform(config, {
    ...options,
    registry: createDefaultRegistry().register(rps.game),
  });
  rps.bind(platform.app.platform, (error) => platform.app.log.warn({ err: error }, 'rps lobby error'));
  return platform;
}

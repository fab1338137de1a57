// Runs the platform with RPS from environment variables until SIGINT/SIGTERM: `npx tsx apps/rps/src/main.ts`.
import { ConfigError, loadConfig } from '@paperclip/platform';
import { startPlatformWithRps } from './server/start-with-rps.ts';

try {
  await startPlatformWithRps(loadConfig(process.env));
} catch (error) {
  console.error(`paperclip: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
}

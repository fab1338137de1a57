// Runs the platform from environment variables until SIGINT/SIGTERM (for benches, tests and `tsx` by hand).
import { loadConfig } from './config.ts';
import { ConfigError } from './errors.ts';
import { startPlatform } from './server.ts';

try {
  await startPlatform(loadConfig(process.env));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`paperclip: ${error.message}`);
    process.exitCode = 2;
  } else {
    console.error(
      `paperclip: the platform could not start: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exitCode = 1;
  }
}

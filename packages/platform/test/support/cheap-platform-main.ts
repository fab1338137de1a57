// The platform process for durability tests: main.ts with the test scrypt costs, so a registration (the
// acknowledged write the tests count) takes milliseconds instead of most of a second.
import { loadConfig } from '../../src/config.ts';
import { startPlatform } from '../../src/server.ts';
import { TEST_ACCOUNT_KEY_SCRYPT, TEST_SCRYPT } from './test-app.ts';

await startPlatform(
  loadConfig(process.env, { scrypt: TEST_SCRYPT, accountKeyScrypt: TEST_ACCOUNT_KEY_SCRYPT }),
);

// Closing the app lets requests already in progress finish before the database is closed.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT_PARAMS } from '../src/auth/passwords.ts';
import { DIALECTS } from './support/databases.ts';
import { buildTestApp } from './support/test-app.ts';

describe.each(DIALECTS)('shutdown on %s', (dialect) => {
  it('a registration in progress when close() is called still completes with 201', async () => {
    const t = await buildTestApp(dialect, 'shutdown', { scrypt: DEFAULT_SCRYPT_PARAMS });
    // Know when the request is inside the handler: wrap the service method the route calls.
    const accounts = t.app.platform.accounts;
    const original = accounts.register.bind(accounts);
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => {
      entered = resolve;
    });
    accounts.register = (username, password) => {
      entered();
      return original(username, password);
    };
    const registering = t.app.inject({
      method: 'POST',
      url: '/auth/register',
      payload: { username: 'Latecomer', password: 'just in time' },
    });
    await inHandler;
    const closing = t.close();
    const response = await registering;
    await closing;
    expect(response.statusCode).toBe(201);
  });
});

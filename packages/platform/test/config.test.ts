// loadConfig: the seed's variable names, defaults, overrides, bad values, and the production SECRET_KEY rule.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { ConfigError } from '../src/errors.ts';

describe('loadConfig', () => {
  it('defaults: 127.0.0.1:5000, ./data/paperclip.db, seed timings, generated dev key', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      mode: 'development',
      host: '127.0.0.1',
      httpPort: 5000,
      databaseUrl: './data/paperclip.db',
      tokenExpiry: 600,
      lockoutAttempts: 3,
      heartbeatMinTime: 30,
      heartbeatMaxTime: 120,
      maxClients: undefined,
      secretKeyGenerated: true,
    });
    expect(config.secretKey).toMatch(/^[0-9a-f]{64}$/);
    expect(loadConfig({}).secretKey).not.toBe(config.secretKey);
  });

  it("reads the seed's names and ours from the environment; overrides win", () => {
    const env = {
      S_HOST: '0.0.0.0',
      TCP_PORT: '5050',
      HEARTBEAT_MIN_TIME: '5',
      HEARTBEAT_MAX_TIME: '50',
      MAX_CLIENTS: '4',
      PRUNE_TIME: '58',
      SECRET_KEY: 'from-the-environment',
      DATABASE_URL: 'postgres://u@127.0.0.1/db',
      LOCKOUT_TIME: '300',
      AUTH_RATE_LIMIT: '0',
    };
    expect(loadConfig(env)).toMatchObject({
      host: '0.0.0.0',
      httpPort: 5050,
      heartbeatMinTime: 5,
      heartbeatMaxTime: 50,
      maxClients: 4,
      pruneTime: 58,
      secretKey: 'from-the-environment',
      secretKeyGenerated: false,
      databaseUrl: 'postgres://u@127.0.0.1/db',
      lockoutTime: 300,
      authRateLimit: 0,
    });
    expect(loadConfig(env, { httpPort: 6000, pruneTime: 1 })).toMatchObject({ httpPort: 6000, pruneTime: 1 });
  });

  it('rejects bad numbers with a sentence naming the variable', () => {
    expect(() => loadConfig({ TCP_PORT: 'http' })).toThrow(
      'TCP_PORT must be a whole number from 0 to 65535, but it is "http".',
    );
    expect(() => loadConfig({ TCP_PORT: '70000' })).toThrow(ConfigError);
    expect(() => loadConfig({ TCP_PORT: '70000' })).toThrow(
      expect.objectContaining({
        code: 'PC_CONFIG_NUMBER_RANGE',
        details: expect.objectContaining({ raw: '70000' }),
      }),
    );
    expect(() => loadConfig({ PRUNE_TIME: '-1' })).toThrow(/PRUNE_TIME/);
    expect(() => loadConfig({ HEARTBEAT_MIN_TIME: '60', HEARTBEAT_MAX_TIME: '10' })).toThrow(
      /HEARTBEAT_MIN_TIME/,
    );
  });

  it('production without SECRET_KEY (or with the seed example key) refuses to start, saying why', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /SECRET_KEY is not set: in production \(NODE_ENV=production\) the platform refuses to start/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'MyVerySecretKey' })).toThrow(/too weak/);
    expect(() => loadConfig({ NODE_ENV: 'production', SECRET_KEY: '   ' })).toThrow(/not set/);
    const config = loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'a-long-random-production-secret' });
    expect(config).toMatchObject({ mode: 'production', secretKeyGenerated: false });
  });
});

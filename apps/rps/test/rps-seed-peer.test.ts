// A v0 peer speaking the seed's JSON (as the seed's rps.Client does) plays against a typed client in one lobby.
import { once } from 'node:events';
import { buildCertificate, Client, httpCertificateValidator } from '@paperclip/net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinRpsLobby } from '../src/client/join-lobby.ts';
import type { RpsEvent, RpsPlayer } from '../src/client/rps-player.ts';
import { Choice, RPS_GAME } from '../src/rules.ts';
import { encodeSeedChoice } from '../src/seed-json.ts';
import { startTestPlatform, type TestPlatform } from '../src/testing.ts';

describe('seed JSON peers in an RPS lobby', () => {
  let test: TestPlatform;
  let seedPeer: Client | undefined;
  let typed: RpsPlayer | undefined;
  beforeAll(async () => {
    test = await startTestPlatform();
  });
  afterAll(async () => {
    await seedPeer?.close();
    await typed?.leave().catch(() => undefined);
    await test.close();
  });

  it('answers {"choice"} with the seed reply bytes, and the typed opponent sees the same round', async () => {
    const bowser = await test.account('bowser');
    const toad = await test.account('toad');
    const lobby = await bowser.createLobby(RPS_GAME.id);
    const certificate = await buildCertificate(bowser.privateKey, {
      organization: 'Paperclip',
      commonName: '127.0.0.1',
      accountId: bowser.account.id,
      username: 'bowser',
    });
    seedPeer = new Client({ certificate, validator: httpCertificateValidator(test.url) });
    await seedPeer.connect(lobby.address);
    typed = await joinRpsLobby(toad, lobby);
    const reply = once(seedPeer, 'data');
    // The seed client sends its pick as RELIABLE JSON, unencrypted (lazyFlags(Flag.RELIABLE)).
    seedPeer.send(encodeSeedChoice(Choice.ROCK), 'RELIABLE');
    typed.choose(Choice.SCISSORS);
    const [, data] = (await reply) as [string, Uint8Array];
    expect(new TextDecoder().decode(data)).toBe(
      `{"outcome": 1, "choice": 0, "otherChoice": 2, "score": {"score": 1, "accountId": "${bowser.account.id}"}, ` +
        `"otherScore": {"score": 0, "accountId": "${toad.account.id}"}}`,
    );
    let event: RpsEvent;
    do event = await typed.next();
    while (event.type === 'state');
    expect(event).toEqual({
      type: 'round',
      round: 1,
      outcome: 0,
      choice: 2,
      otherChoice: 0,
      score: 0,
      otherScore: 1,
    });
  });

  it('ignores a malformed seed payload and keeps playing', async () => {
    if (seedPeer === undefined || typed === undefined) throw new Error('needs the previous test');
    seedPeer.send(new TextEncoder().encode('{"choice": 7}'), 'RELIABLE');
    seedPeer.send(new TextEncoder().encode('{not json'), 'RELIABLE');
    const reply = once(seedPeer, 'data');
    seedPeer.send(encodeSeedChoice(Choice.PAPER), 'RELIABLE');
    typed.choose(Choice.PAPER);
    const [, data] = (await reply) as [string, Uint8Array];
    expect(JSON.parse(new TextDecoder().decode(data))).toMatchObject({
      outcome: 2,
      choice: 1,
      otherChoice: 1,
    });
  });
});

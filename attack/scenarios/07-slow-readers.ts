// Finding 7: slow WebSocket readers. 60 clients finish HELLO and stop reading while the server broadcasts 5 × 12 kB
// every 10 ms; server RSS before, at the peak, and after they are gone.
import { startChild } from '../support/child.ts';
import { atMost, info, pause, type Scenario } from '../support/scenario.ts';
import { type WsClient, wsClient } from '../support/websocket.ts';

const READERS = 60;
const MiB = 2 ** 20;

export const slowReaders: Scenario = {
  finding: 7,
  name: 'slow WebSocket readers',
  async run() {
    const server = await startChild<{ address: string }>('servers/messages.ts', ['ws']);
    const readers: WsClient[] = [];
    try {
      const url = server.ready.address;
      const before = await server.ask<number>('rss');
      const heldBefore = await server.ask<number>('held');
      for (let i = 0; i < READERS; i++) {
        const reader = wsClient(url, `127.0.0.${150 + (i % 30)}`);
        readers.push(reader);
        await reader.connection.waitForConnection(5000);
        reader.stopReading();
      }
      await server.ask('blobs', 10);
      let peak = before;
      for (let i = 0; i < 10; i++) {
        await pause(500);
        peak = Math.max(peak, await server.ask<number>('rss'));
      }
      const stillOpen = await server.ask<number>('connections');
      const blobs = await server.ask<number>('blobsSent');
      await server.ask('stopBlobs');
      for (const reader of readers) reader.destroy();
      await pause(3000);
      const after = await server.ask<number>('rss');
      const heldAfter = await server.ask<number>('held');
      return [
        info(
          'JS heap + external after they are gone, above before',
          (heldAfter - heldBefore) / MiB,
          'MiB',
          'what JavaScript still holds',
        ),
        info('server RSS before', before / MiB, 'MiB'),
        atMost(
          'RSS growth per slow reader at the peak',
          (peak - before) / MiB / READERS,
          1,
          'MiB',
          `peak ${(peak / MiB).toFixed(0)} MiB; ${stillOpen} still connected; ${blobs} blobs sent`,
        ),
        atMost(
          'RSS after they are gone, above before',
          (after - before) / MiB,
          16,
          'MiB',
          `after ${(after / MiB).toFixed(0)} MiB`,
        ),
      ];
    } finally {
      for (const reader of readers) reader.destroy();
      await server.close();
    }
  },
};

// Finding 10: reflection. The same AUTH (a real, small certificate) sent 20 times from one address to a lobby:
// bytes answered / bytes sent, and how many of the repeats were answered.
import { registerAccount, sharedPlatform } from '../support/platform.ts';
import { atMost, info, pause, type Scenario } from '../support/scenario.ts';
import { boundSocket, closeSockets } from '../support/sockets.ts';
import { authDatagram, createLobby, lobbyCertificate } from '../support/udp.ts';

const REPEATS = 20;

export const reflection: Scenario = {
  finding: 10,
  name: 'repeated AUTH reflection',
  async run() {
    const platform = await sharedPlatform();
    const socket = await boundSocket('127.0.0.31');
    try {
      const owner = await registerAccount(platform.url, 'reflect-owner');
      const reflector = await registerAccount(platform.url, 'reflector');
      const lobby = await createLobby(platform.url, owner);
      const datagram = authDatagram(await lobbyCertificate(platform.url, reflector));
      let received = 0;
      let answers = 0;
      socket.on('message', (data) => {
        received += data.length;
        answers++;
      });
      for (let i = 0; i < REPEATS; i++) {
        socket.send(datagram, lobby.port, lobby.host);
        await pause(100);
      }
      await pause(1500);
      const sent = datagram.length * REPEATS;
      return [
        atMost(
          'bytes answered / bytes sent',
          received / sent,
          1,
          '×',
          `${sent} B sent, ${received} B answered`,
        ),
        info('datagrams answered', answers, `to ${REPEATS} AUTHs of ${datagram.length} B`),
      ];
    } finally {
      closeSockets([socket]);
      await platform.close();
    }
  },
};

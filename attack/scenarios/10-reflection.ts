// Finding 10: reflection. One AUTH sent 20 times from one address to a lobby, once with a small garbage certificate
// (what a spoofer sends: no account needed) and once with a real account's certificate: bytes answered / bytes
// sent, and how many of the repeats drew an AUTH answer.
import { randomFillSync } from 'node:crypto';
import { decodePacket, PacketType } from '@paperclip/protocol';
import { authDatagram } from '../support/auth-datagram.ts';
import { registerAccount, sharedPlatform } from '../support/platform.ts';
import { atMost, type Figure, info, pause, type Scenario } from '../support/scenario.ts';
import { boundSocket, closeSockets } from '../support/sockets.ts';
import { createLobby, type LobbyAddress, lobbyCertificate } from '../support/udp.ts';

const REPEATS = 20;

async function repeat(lobby: LobbyAddress, datagram: Uint8Array, from: string) {
  const socket = await boundSocket(from);
  let received = 0;
  let authAnswers = 0;
  socket.on('message', (data) => {
    received += data.length;
    try {
      if (decodePacket(data).type === PacketType.AUTH) authAnswers++;
    } catch {
      // Not a v0 packet: counted in bytes only.
    }
  });
  try {
    for (let i = 0; i < REPEATS; i++) {
      socket.send(datagram, lobby.port, lobby.host);
      await pause(100);
    }
    await pause(1500);
  } finally {
    closeSockets([socket]);
  }
  return { ratio: received / (datagram.length * REPEATS), received, authAnswers, size: datagram.length };
}

function figures(label: string, result: Awaited<ReturnType<typeof repeat>>): Figure[] {
  return [
    atMost(
      `${label}: bytes answered / bytes sent`,
      result.ratio,
      1,
      '×',
      `${result.size} B AUTH ×${REPEATS}, ${result.received} B answered`,
    ),
    atMost(`${label}: AUTH answers to ${REPEATS} repeats`, result.authAnswers, 1, 'answers'),
  ];
}

export const reflection: Scenario = {
  finding: 10,
  name: 'repeated AUTH reflection',
  async run() {
    const platform = await sharedPlatform();
    const owner = await registerAccount(platform.url, 'reflect-owner');
    const reflector = await registerAccount(platform.url, 'reflector');
    const lobby = await createLobby(platform.url, owner);
    const garbage = await repeat(lobby, authDatagram(randomFillSync(new Uint8Array(200))), '127.0.0.31');
    const real = await repeat(
      lobby,
      authDatagram(await lobbyCertificate(platform.url, reflector)),
      '127.0.0.32',
    );
    return [
      ...figures('garbage certificate', garbage),
      ...figures('real certificate', real),
      info('lobby', lobby.id, 'id'),
    ];
  },
};

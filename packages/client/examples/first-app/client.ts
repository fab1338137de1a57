// The first app's Node client: connects over UDP, says one thing, prints what the server relays.
import { acceptAnyCertificate, connectUdp } from '@paperclip/net';
import { ChatPost, ChatSend, registry } from './messages.ts';

/** Connects as `name`, sends `text`, and resolves with the relayed post once it comes back. */
export async function sayOnce(udpAddress: string, name: string, text: string) {
  const connection = connectUdp(udpAddress, {
    registry,
    token: name,
    udp: { client: { validator: acceptAnyCertificate } },
  });
  await connection.waitForConnection(5000);
  const echoed = new Promise<{ from: string; text: string }>((resolve) => {
    connection.onMessage(ChatPost, (post) => {
      if (post.from === name) resolve(post);
    });
  });
  connection.send(ChatSend, { text });
  const post = await echoed;
  await connection.close('bye');
  return post;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const post = await sayOnce(process.argv[2] ?? '127.0.0.1:40200', 'node-client', 'hello from Node');
  console.log(`${post.from}: ${post.text}`);
}

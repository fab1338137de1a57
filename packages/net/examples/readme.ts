// The @paperclip/net README example: a typed echo over encrypted, reliable UDP on 127.0.0.1.
import { defineMessage, MessageRegistry, MessageServer, Type } from '@paperclip/messages';
import { acceptAnyCertificate, connectUdp, UdpAcceptor } from '@paperclip/net';

const Echo = defineMessage('demo:echo', Type.Object({ text: Type.String({ maxLength: 200 }) }));
const registry = new MessageRegistry([Echo]);

/** Starts a UDP message server on a free port, echoes one message through it, and stops both ends. */
export async function echoOverUdp(text: string): Promise<string> {
  const server = new MessageServer({ registry });
  server.onMessage(Echo, (echo, connection) => connection.send(Echo, echo));
  // Development only: accept any certificate. Production validates certificates against the platform.
  const udp = new UdpAcceptor({ host: '127.0.0.1', port: 0, server: { validator: acceptAnyCertificate } });
  await server.listen(udp);

  const client = connectUdp(udp.address, { registry, udp: { client: { validator: acceptAnyCertificate } } });
  await client.waitForConnection(5000);
  const echoed = new Promise<string>((resolve) => client.onMessage(Echo, (echo) => resolve(echo.text)));
  client.send(Echo, { text });
  const reply = await echoed;
  await client.close('bye');
  await server.close();
  return reply;
}

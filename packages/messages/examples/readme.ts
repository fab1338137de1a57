// The @paperclip/messages README example: a typed request and reply between a server and a client over MemoryNetwork.
import {
  createClientConnection,
  defineMessage,
  MemoryNetwork,
  MessageRegistry,
  MessageServer,
  Type,
} from '@paperclip/messages';

/** Both sides import the same definitions; ids and schemas are checked at connect. */
const Hello = defineMessage('demo:hello', Type.Object({ name: Type.String({ maxLength: 40 }) }), {
  from: 'client',
});
const Welcome = defineMessage('demo:welcome', Type.Object({ text: Type.String() }), { from: 'server' });
const registry = new MessageRegistry([Hello, Welcome]);

/** Starts a server on an in-memory network, says hello from a client, and returns the server's typed reply. */
export async function helloOverMemory(name: string): Promise<string> {
  const network = new MemoryNetwork(); // swap for UdpAcceptor / WebSocketAcceptor from @paperclip/net
  const server = new MessageServer({ registry });
  server.onMessage(Hello, (hello, connection) => {
    connection.send(Welcome, { text: `Welcome, ${hello.name}!` });
  });
  await server.listen(network.acceptor());

  const client = createClientConnection(network.connect(), { registry });
  await client.waitForConnection(5000);
  const reply = new Promise<string>((resolve) => {
    client.onMessage(Welcome, (welcome) => resolve(welcome.text));
  });
  client.send(Hello, { name });
  const text = await reply;
  await client.close('bye');
  await server.close();
  return text;
}

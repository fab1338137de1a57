// The @paperclip/client README example: browser code that connects over WebSocket and sends one typed message.
import { connect, defineMessage, MessageRegistry, Type } from '@paperclip/client';

/** The server defines the same messages (with @paperclip/messages) and echoes `demo:echo` back. */
export const Echo = defineMessage('demo:echo', Type.Object({ text: Type.String({ maxLength: 200 }) }));
export const registry = new MessageRegistry([Echo]);

/** Connects to `url` (use wss:// in production), sends `text`, and resolves with the server's echo. */
export async function echoOnce(url: string, text: string): Promise<string> {
  const connection = connect(url, { registry, token: 'player-1' });
  await connection.waitForConnection(5000);
  const echoed = new Promise<string>((resolve) => connection.onMessage(Echo, (echo) => resolve(echo.text)));
  connection.send(Echo, { text });
  const reply = await echoed;
  await connection.close('bye');
  return reply;
}

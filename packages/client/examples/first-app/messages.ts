// The first app's messages, shared by the server, the Node client and the browser page.
import { defineMessage, MessageRegistry, Type } from '@paperclip/messages';

/** A client says something. Only clients may send it; a server that receives one from a server would ignore it. */
export const ChatSend = defineMessage(
  'chat:send',
  Type.Object({ text: Type.String({ minLength: 1, maxLength: 500 }) }),
  { from: 'client' },
);

/** The server relays what someone said to everyone. */
export const ChatPost = defineMessage(
  'chat:post',
  Type.Object({ from: Type.String(), text: Type.String() }),
  {
    from: 'server',
  },
);

/** Both sides build the same registry; the server's ids win at connect and the hashes must match. */
export const registry = new MessageRegistry([ChatSend, ChatPost]);

// The first app's browser side: connects over WebSocket with the same messages (bundle it with vite).
import { connect } from '@paperclip/client';
import { ChatPost, ChatSend, registry } from './messages.ts';

/** Joins the chat as `name`; every post goes to `onPost`. Returns a function that sends a line. */
export async function joinChat(url: string, name: string, onPost: (from: string, text: string) => void) {
  const connection = connect(url, { registry, token: name });
  connection.onMessage(ChatPost, (post) => onPost(post.from, post.text));
  connection.on('close', (reason) => onPost('system', `closed: ${reason.code} ${reason.message}`));
  await connection.waitForConnection(5000);
  return {
    say: (text: string) => connection.send(ChatSend, { text }),
    leave: () => connection.close('bye'),
  };
}

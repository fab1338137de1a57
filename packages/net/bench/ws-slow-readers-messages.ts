// The one message type of the slow-reader measurement: bulk bytes the server pushes to every client.
import { defineMessage, MessageRegistry, Type } from '@paperclip/messages';

export const SlowBlob = defineMessage('bench:slow-blob', Type.Uint8Array(), { from: 'server' });
export const slowReaderRegistry = new MessageRegistry([SlowBlob]);

// The transports the messages benchmark compares, shared by the orchestrator and the peer processes.

/** Paperclip over UDP (encrypted, and without encryption), over WebSocket, and the raw ws / ENet baselines. */
export const MODES = ['paperclip-udp', 'paperclip-udp-plain', 'paperclip-ws', 'raw-ws', 'enet'] as const;
export type Mode = (typeof MODES)[number];

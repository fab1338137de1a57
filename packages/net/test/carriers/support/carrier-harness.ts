// The shape of a carrier harness: what the contract suite needs from each carrier under test.
import type {
  ClientConnectionOptions,
  MessageConnection,
  MessageServer,
  MessageServerOptions,
  PingResult,
} from '@paperclip/messages';

/** A running server on one carrier. */
export interface HarnessServer {
  server: MessageServer;
  connect(options: ClientConnectionOptions): MessageConnection;
  /** One status ping as this carrier does it; `querySize` as the client would choose. */
  ping(querySize?: number): Promise<PingResult & { querySize: number; answerSize?: number }>;
  /** Packets the link dropped so far (lossy carriers), to prove the loss was real. */
  dropped(): number;
  stop(): Promise<void>;
}

/** One carrier under test. */
export interface CarrierHarness {
  name: string;
  /** True when unreliable kinds can really be lost or reordered on this carrier. */
  lossy: boolean;
  start(options: MessageServerOptions): Promise<HarnessServer>;
}

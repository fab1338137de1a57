// Test helpers for real-socket UDP tests: tracked resources closed in afterEach, a pausable UDP relay.
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { acceptAnyCertificate, type CertificateValidator } from '../../../src/certs/validators.ts';
import { Client, type ClientOptions } from '../../../src/udp/client.ts';
import { Server, type ServerOptions } from '../../../src/udp/server.ts';

/** Everything a test opened, closed by {@link Resources.closeAll} in afterEach. */
export class Resources {
  readonly #closers: Array<() => Promise<unknown> | unknown> = [];

  /** Registers a cleanup step (run in reverse order). */
  add(close: () => Promise<unknown> | unknown): void {
    this.#closers.push(close);
  }

  /** A listening server on an ephemeral 127.0.0.1 port, accepting any certificate unless told otherwise. */
  async server(options: ServerOptions = {}): Promise<{ server: Server; address: string }> {
    const server = new Server({ validator: acceptAnyCertificate, closeTimeoutMs: 1000, ...options });
    this.add(() => server.close());
    const { host, port } = await server.listen(0, '127.0.0.1');
    return { server, address: `${host}:${port}` };
  }

  /** A client (not yet connected), accepting any certificate unless told otherwise. */
  client(options: ClientOptions = {}): Client {
    const client = new Client({ validator: acceptAnyCertificate, closeTimeoutMs: 1000, ...options });
    this.add(() => client.close());
    return client;
  }

  /** A raw UDP socket bound to an ephemeral loopback port. */
  async rawSocket(): Promise<Socket> {
    const socket = createSocket('udp4');
    this.add(() => new Promise<void>((resolve) => socket.close(() => resolve())));
    socket.bind(0, '127.0.0.1');
    await once(socket, 'listening');
    return socket;
  }

  async closeAll(): Promise<void> {
    while (this.#closers.length > 0) {
      const close = this.#closers.pop()!;
      try {
        await close();
      } catch {
        // Cleanup is best effort; the test already reported its own failure.
      }
    }
  }
}

/** A one-client UDP relay in front of `upstream` that can stop forwarding (a link that goes silent). */
export interface Relay {
  address: string;
  /** Drop every datagram from now on, both ways. */
  cut(): void;
}

/** Starts a {@link Relay}; closed with the resources. */
export async function startRelay(resources: Resources, upstream: string): Promise<Relay> {
  const [upHost, upPortText] = [
    upstream.slice(0, upstream.lastIndexOf(':')),
    upstream.slice(upstream.lastIndexOf(':') + 1),
  ];
  const front = await resources.rawSocket();
  const back = await resources.rawSocket();
  let client: { address: string; port: number } | undefined;
  let open = true;
  front.on('message', (datagram, info) => {
    client = { address: info.address, port: info.port };
    if (open) back.send(datagram, Number(upPortText), upHost);
  });
  back.on('message', (datagram) => {
    if (open && client) front.send(datagram, client.port, client.address);
  });
  return {
    address: `127.0.0.1:${front.address().port}`,
    cut: () => {
      open = false;
    },
  };
}

/** A validator that refuses everything (and counts its calls). */
export function refuseAll(): CertificateValidator & { calls: number } {
  const validator = Object.assign(
    async () => {
      validator.calls++;
      return { valid: false, accountId: null };
    },
    { calls: 0 },
  );
  return validator;
}

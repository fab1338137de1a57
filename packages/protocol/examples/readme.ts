// The @paperclip/protocol README example: two sans-IO endpoints shake hands and deliver one message, all in memory.
import { type Address, Endpoint, Flag } from '@paperclip/protocol';

const SERVER: Address = '10.0.0.1:40100';
const CLIENT: Address = '10.0.0.2:50000';

/** Runs a v0 client and server with no sockets and no clock; returns what was delivered and the events seen. */
export function exchangeOneMessage(): { delivered: string[]; events: string[] } {
  const randomBytes = (length: number) => crypto.getRandomValues(new Uint8Array(length));
  // A real peer sends its X.509 certificate (DER, e.g. from @paperclip/net's generateCertificate). The core
  // only carries it and asks its driver to validate it, so placeholder bytes are enough here.
  const certificate = new Uint8Array(600).fill(7);
  const server = new Endpoint({ role: 'server', certificate, randomBytes });
  const client = new Endpoint({ role: 'client', certificate, randomBytes });
  const peers = new Map<Address, Endpoint>([
    [SERVER, server],
    [CLIENT, client],
  ]);
  const now = 0; // The driver passes its clock in; this run never needs time to pass.
  const delivered: string[] = [];
  const events: string[] = [];

  // What a driver does after every input, in the documented order: send each datagram, then handle each event.
  const pump = () => {
    for (let busy = true; busy; ) {
      busy = false;
      for (const [address, endpoint] of peers) {
        for (let out = endpoint.pollTransmit(); out; out = endpoint.pollTransmit()) {
          busy = true;
          peers.get(out.to)?.handleDatagram(now, address, out.datagram); // a perfect in-memory link
        }
        for (let event = endpoint.pollEvent(); event; event = endpoint.pollEvent()) {
          busy = true;
          events.push(event.type);
          if (event.type === 'validateCertificate') {
            endpoint.completeCertificateValidation(now, event.requestId, { valid: true, accountId: null });
          }
          if (event.type === 'data') delivered.push(new TextDecoder().decode(event.data));
        }
      }
    }
  };

  client.connect(now, SERVER);
  pump();
  client.send(now, SERVER, new TextEncoder().encode('hello'), Flag.RELIABLE | Flag.ENCRYPTED);
  pump();
  client.close(now);
  pump();
  return { delivered, events };
}

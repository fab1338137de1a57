// "host:port" addresses as the sans-IO core keys peers ("[v6]:port" for IPv6), parsed and formatted.
import { isIP } from 'node:net';
import { formatHostPort } from '@paperclip/protocol';
import { UdpErrors } from './udp-errors.ts';

/** A UDP endpoint address split into host and port. */
export interface HostPort {
  host: string;
  port: number;
}

/** PC_UDP_ADDRESS_FORMAT: thrown for an address string that is not "host:port"; the message is a sentence. */
export const AddressFormatError = UdpErrors.ADDRESS_FORMAT;
export type AddressFormatError = InstanceType<typeof AddressFormatError>;

/** "127.0.0.1:40100" or "[::1]:40100": the core's opaque peer key (the shared host:port text). */
export function formatAddress(host: string, port: number): string {
  return formatHostPort(host, port);
}

/** Splits "host:port" / "[v6]:port". Throws {@link AddressFormatError} when it is not one. */
export function parseAddress(text: string): HostPort {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) throw new AddressFormatError({ text });
  const rawHost = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  const bracketed = rawHost.startsWith('[') && rawHost.endsWith(']');
  const host = bracketed ? rawHost.slice(1, -1) : rawHost;
  const port = Number(portText);
  // IPv6 must be bracketed ("[::1]:80"), and only IPv6 may be.
  const hostOk = host !== '' && (bracketed ? isIP(host) === 6 : !host.includes(':'));
  if (!/^\d{1,5}$/.test(portText) || port > 65535 || !hostOk) throw new AddressFormatError({ text });
  return { host, port };
}

/** Accepts either form and returns host/port. */
export function toHostPort(address: string | HostPort): HostPort {
  return typeof address === 'string' ? parseAddress(address) : address;
}

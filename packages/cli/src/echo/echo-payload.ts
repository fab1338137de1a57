// Self-checking echo payloads, byte-identical to py_client.py's: "%08d|" then (i*7+k) % 251.

/** The payload of message `index` with `size` bytes (size >= 9). */
export function makeEchoPayload(index: number, size: number): Uint8Array {
  const payload = new Uint8Array(size);
  const head = `${String(index).padStart(8, '0')}|`;
  for (let k = 0; k < head.length; k++) payload[k] = head.charCodeAt(k);
  const bodyLength = size - head.length;
  for (let k = 0; k < bodyLength; k++) payload[head.length + k] = (index * 7 + k) % 251;
  return payload;
}

/** The index in an echoed payload's 8-digit head, or undefined when it has none. */
export function readEchoIndex(payload: Uint8Array): number | undefined {
  if (payload.length < 9) return undefined;
  let index = 0;
  for (let k = 0; k < 8; k++) {
    const digit = payload[k]! - 0x30;
    if (digit < 0 || digit > 9) return undefined;
    index = index * 10 + digit;
  }
  return index;
}

// A clock shared by the bench's processes (same machine): wall-clock milliseconds with sub-ms resolution.

/** Milliseconds since the Unix epoch, high resolution; comparable across processes on one machine. */
export function sharedNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Marks a payload as a latency probe: the echo server writes its receive time at bytes 8..16. */
export const PROBE_MARK = 0x53;

/** Writes `index` (bytes 1..5) and, for probes, the send time (bytes 16..24) into `payload`. */
export function stampPayload(payload: Uint8Array, index: number, probe: boolean): void {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  payload[0] = probe ? PROBE_MARK : 0;
  view.setUint32(1, index);
  if (probe) view.setFloat64(16, sharedNow());
}

/** The index written by {@link stampPayload}. */
export function payloadIndex(payload: Uint8Array): number {
  return new DataView(payload.buffer, payload.byteOffset, payload.byteLength).getUint32(1);
}

/** Server side: record the receive time in a probe (bytes 8..16); other payloads are left alone. */
export function stampReceipt(payload: Uint8Array): void {
  if (payload.length >= 24 && payload[0] === PROBE_MARK) {
    new DataView(payload.buffer, payload.byteOffset, payload.byteLength).setFloat64(8, sharedNow());
  }
}

/** Client side: one-way delivery latency (client send → server receive) of an echoed probe, in ms. */
export function probeDeliveryMs(payload: Uint8Array): number {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  return view.getFloat64(8) - view.getFloat64(16);
}

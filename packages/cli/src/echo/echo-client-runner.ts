// Runs the echo client session: handshake, N self-checking messages, wait for their echoes, report like py_client.py.
import { type CertificateValidator, Client, type ClientOptions, flagNames } from '@paperclip/net';
import { makeEchoPayload, readEchoIndex } from './echo-payload.ts';

/** Settings of {@link runEchoClient}. */
export interface EchoClientSettings {
  server: string;
  count: number;
  flags: number;
  size: number;
  certificate: Uint8Array;
  validator?: CertificateValidator;
  bind?: string;
  /** Longest wait for echoes after the handshake. */
  echoTimeoutMs: number;
  handshakeTimeoutMs: number;
  /** Most messages sent but not yet echoed (keeps the core's send queue bounded). */
  window: number;
}

/** The JSON line printed at the end: py_client.py's keys plus `mismatched`, `flags`, `size`, `error`. */
export interface EchoClientReport {
  handshake: boolean;
  sent: number;
  echoed: number;
  duplicates: number;
  mismatched: number;
  seconds: number | null;
  msgs_per_s: number | null;
  flags: string[];
  size: number;
  error?: string;
}

/** True when every message came back intact. */
export function echoSucceeded(report: EchoClientReport, count: number): boolean {
  return report.handshake && report.echoed === count && report.mismatched === 0;
}

/** Connects, sends `count` payloads (at most `window` outstanding), waits for the echoes, closes. Never throws. */
export async function runEchoClient(settings: EchoClientSettings): Promise<EchoClientReport> {
  const report: EchoClientReport = {
    handshake: false,
    sent: 0,
    echoed: 0,
    duplicates: 0,
    mismatched: 0,
    seconds: null,
    msgs_per_s: null,
    flags: flagNames(settings.flags),
    size: settings.size,
  };
  const options: ClientOptions = {
    certificate: settings.certificate,
    handshakeTimeoutMs: settings.handshakeTimeoutMs,
  };
  if (settings.validator !== undefined) options.validator = settings.validator;
  if (settings.bind !== undefined) options.bind = settings.bind;
  const client = new Client(options);
  const payloads: Uint8Array[] = [];
  const echoed = new Set<number>();
  let firstSend = 0;
  let lastEcho = 0;
  let finish: (error?: string) => void = () => {};
  const done = new Promise<string | undefined>((resolve) => {
    finish = resolve;
  });

  const sendMore = () => {
    while (report.sent < settings.count && report.sent - echoed.size < settings.window) {
      const index = report.sent;
      payloads[index] = makeEchoPayload(index, settings.size);
      try {
        client.send(payloads[index]!, settings.flags);
      } catch (error) {
        finish((error as Error).message);
        return;
      }
      report.sent++;
    }
  };
  client.on('data', (_peer, data) => {
    const index = readEchoIndex(data);
    const expected = index === undefined ? undefined : payloads[index];
    if (expected === undefined || !sameBytes(expected, data)) {
      report.mismatched++;
    } else if (echoed.has(index!)) {
      report.duplicates++;
    } else {
      echoed.add(index!);
      lastEcho = performance.now();
      if (echoed.size === settings.count) finish();
      else sendMore();
    }
  });
  client.on('disconnect', (reason) => finish(`disconnected: ${reason.message}`));

  try {
    await client.connect(settings.server);
  } catch (error) {
    report.error = (error as Error).message;
    await client.close();
    return report;
  }
  report.handshake = true;
  const timer = setTimeout(() => finish('timed out waiting for echoes'), settings.echoTimeoutMs);
  firstSend = performance.now();
  sendMore();
  const error = await done;
  clearTimeout(timer);
  const end = echoed.size === settings.count ? lastEcho : performance.now();
  report.echoed = echoed.size;
  report.seconds = Math.round((end - firstSend) * 10) / 10_000;
  report.msgs_per_s = report.seconds > 0 ? Math.round((report.echoed / report.seconds) * 1000) / 1000 : null;
  if (error !== undefined) report.error = error;
  await client.close();
  return report;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

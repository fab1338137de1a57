// Runs a Paperclip echo server: every message goes back to its sender with the flags it arrived with.
import {
  type CertificateValidator,
  type HostPort,
  pingInterceptor,
  Server,
  type ServerOptions,
} from '@paperclip/net';
import { readCliVersion } from '../cli-version.ts';

/** The name the echo server's status ping answers with. */
const ECHO_SERVER_STATUS_NAME = 'Paperclip echo server';

/** Settings of {@link runEchoServer}. */
export interface EchoServerSettings {
  host: string;
  port: number;
  certificate: Uint8Array;
  validator?: CertificateValidator;
  maxClients?: number;
  heartbeatMinMs?: number;
  heartbeatMaxMs?: number;
  /** Stop by itself after this long. Default: run until SIGINT/SIGTERM. */
  durationMs?: number;
  /** Print one line per join/leave. */
  verbose?: boolean;
}

/** Counters printed as the final JSON line, like py_echo_server.py's. */
export interface EchoServerReport {
  joined: number;
  left: number;
  echoed: number;
  bytes: number;
  exit: 'signal' | 'duration';
  seconds: number;
}

/**
 * Listens, echoes, and resolves with the report once stopped (signal or duration). `onListening`
 * runs after the bind with the bound address (the caller prints the "listening" line).
 */
export async function runEchoServer(
  settings: EchoServerSettings,
  onListening: (address: HostPort) => void,
): Promise<EchoServerReport> {
  const options: ServerOptions = { certificate: settings.certificate };
  if (settings.validator !== undefined) options.validator = settings.validator;
  if (settings.maxClients !== undefined) options.maxClients = settings.maxClients;
  if (settings.heartbeatMinMs !== undefined) options.heartbeatMinMs = settings.heartbeatMinMs;
  if (settings.heartbeatMaxMs !== undefined) options.heartbeatMaxMs = settings.heartbeatMaxMs;
  const version = readCliVersion();
  // The status ping (players = peers joined now; an echo server hosts no games) is answered before the v0 core.
  options.interceptDatagram = pingInterceptor(() => ({
    name: ECHO_SERVER_STATUS_NAME,
    version,
    players: server.clients.size,
    games: 0,
  }));
  const server = new Server(options);
  const report: EchoServerReport = { joined: 0, left: 0, echoed: 0, bytes: 0, exit: 'signal', seconds: 0 };
  const started = performance.now();
  server.on('clientJoin', (peer, accountId) => {
    report.joined++;
    if (settings.verbose) console.error(`join ${peer} account ${accountId ?? '-'}`);
  });
  server.on('clientLeave', (peer, _accountId, reason) => {
    report.left++;
    if (settings.verbose) console.error(`leave ${peer}: ${reason.message}`);
  });
  server.on('data', (peer, data, flags) => {
    try {
      server.send(peer, data, flags);
      report.echoed++;
      report.bytes += data.length;
    } catch (error) {
      // The peer left or its send queue is full: drop this echo, keep serving the others.
      if (settings.verbose) console.error(`echo to ${peer} dropped: ${(error as Error).message}`);
    }
  });
  const address = await server.listen(settings.port, settings.host);
  onListening(address);
  const exit = await new Promise<EchoServerReport['exit']>((resolve) => {
    const timer =
      settings.durationMs === undefined ? undefined : setTimeout(() => stop('duration'), settings.durationMs);
    const onSignal = () => stop('signal');
    function stop(reason: EchoServerReport['exit']) {
      clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(reason);
    }
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  await server.close();
  report.exit = exit;
  report.seconds = Math.round(performance.now() - started) / 1000;
  return report;
}

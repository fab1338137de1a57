// Bench workloads over any BenchLink: windowed echo throughput, ping-pong RTT, paced latency probes.
import { quantile } from '../../../bench/report.ts';
import { payloadIndex, probeDeliveryMs, stampPayload } from './bench-clock.ts';
import type { BenchLink } from './bench-links.ts';

/** Result of {@link measureThroughput}. */
export interface ThroughputResult {
  messagesPerSecond: number;
  /** Echoed application payload, MB (10^6 bytes) per second, one direction. */
  megabytesPerSecond: number;
  /** Messages whose echo never came (unreliable modes only). */
  lost: number;
}

/**
 * Keeps `window` messages outstanding and counts echoes for `durationMs` after a `warmupMs` warm-up.
 * Messages whose echo is missing for `lossTimeoutMs` are written off so an unreliable link never stalls.
 */
export function measureThroughput(
  link: BenchLink,
  options: { size: number; window: number; durationMs: number; warmupMs: number; lossTimeoutMs?: number },
): Promise<ThroughputResult> {
  const { size, window, durationMs, warmupMs } = options;
  const lossTimeoutMs = options.lossTimeoutMs ?? 200;
  return new Promise((resolve) => {
    let outstanding = 0;
    let next = 0;
    let counted = 0;
    let lost = 0;
    let counting = false;
    let lastProgress = performance.now();
    let done = false;
    const fill = () => {
      while (!done && outstanding < window) {
        const payload = new Uint8Array(size);
        stampPayload(payload, next++, false);
        link.send(payload);
        outstanding++;
      }
    };
    link.onEcho(() => {
      outstanding = Math.max(0, outstanding - 1);
      lastProgress = performance.now();
      if (counting) counted++;
      fill();
    });
    const watchdog = setInterval(() => {
      if (outstanding > 0 && performance.now() - lastProgress > lossTimeoutMs) {
        if (counting) lost += outstanding;
        outstanding = 0;
        lastProgress = performance.now();
        fill();
      }
    }, lossTimeoutMs / 4);
    let started = 0;
    setTimeout(() => {
      counting = true;
      started = performance.now();
      setTimeout(() => {
        const seconds = (performance.now() - started) / 1000;
        counting = false;
        done = true;
        clearInterval(watchdog);
        const messagesPerSecond = counted / seconds;
        resolve({ messagesPerSecond, megabytesPerSecond: (messagesPerSecond * size) / 1e6, lost });
      }, durationMs);
    }, warmupMs);
    fill();
  });
}

/** Result of {@link measurePingPong}: round-trip times in microseconds. */
export interface PingPongResult {
  p50: number;
  p99: number;
}

/** One message at a time: `count` round trips after `warmup` ones. Gives up on a lost echo after 1 s. */
export function measurePingPong(
  link: BenchLink,
  options: { size: number; count: number; warmup: number },
): Promise<PingPongResult> {
  const samples: number[] = [];
  return new Promise((resolve) => {
    let index = 0;
    let sentAt = 0;
    let retry: NodeJS.Timeout | undefined;
    const sendOne = () => {
      const payload = new Uint8Array(options.size);
      stampPayload(payload, index, false);
      sentAt = performance.now();
      link.send(payload);
      retry = setTimeout(sendOne, 1000);
    };
    link.onEcho((payload) => {
      if (index >= options.warmup + options.count || payloadIndex(payload) !== index) return;
      clearTimeout(retry);
      if (index >= options.warmup) samples.push((performance.now() - sentAt) * 1000);
      index++;
      if (index < options.warmup + options.count) sendOne();
      else resolve({ p50: quantile(samples, 0.5), p99: quantile(samples, 0.99) });
    });
    sendOne();
  });
}

/** Result of {@link measureDelivery}: one-way delivery latency (client send → server receive), ms. */
export interface DeliveryResult {
  p50: number;
  p99: number;
  /** Fraction of probes whose echo came back. */
  delivered: number;
}

/**
 * Sends `count` probes at `ratePerSecond` (the application's pace, not the link's), then waits up to
 * `drainMs` for the last echoes. Latency is measured at the server (its receive stamp), so it is the
 * one-way delivery time including any retransmissions.
 */
export function measureDelivery(
  link: BenchLink,
  options: { size: number; count: number; ratePerSecond: number; drainMs: number },
): Promise<DeliveryResult> {
  const samples: number[] = [];
  const seen = new Set<number>();
  return new Promise((resolve) => {
    let sent = 0;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearInterval(pacer);
      clearTimeout(drain);
      resolve({
        p50: samples.length ? quantile(samples, 0.5) : Number.NaN,
        p99: samples.length ? quantile(samples, 0.99) : Number.NaN,
        delivered: seen.size / options.count,
      });
    };
    let drain: NodeJS.Timeout | undefined;
    link.onEcho((payload) => {
      const index = payloadIndex(payload);
      if (seen.has(index)) return;
      seen.add(index);
      samples.push(probeDeliveryMs(payload));
      if (seen.size === options.count) finish();
    });
    const pacer = setInterval(() => {
      const payload = new Uint8Array(Math.max(24, options.size));
      stampPayload(payload, sent, true);
      link.send(payload);
      sent++;
      if (sent === options.count) {
        clearInterval(pacer);
        drain = setTimeout(finish, options.drainMs);
      }
    }, 1000 / options.ratePerSecond);
  });
}

// RFC 6298-style RTO: first sample, smoothing, bounds, backoff once per loss round, reset on a new sample.
import { describe, expect, it } from 'vitest';
import { RttEstimator } from '../../src/core/rtt-estimator.ts';

const limits = { initialRtoMs: 1000, minRtoMs: 100, maxRtoMs: 8000 };

describe('RttEstimator', () => {
  it('starts at the initial RTO, then SRTT = R and RTTVAR = R/2 after the first sample', () => {
    const rtt = new RttEstimator(limits);
    expect(rtt.rto).toBe(1000);
    rtt.addSample(200);
    expect(rtt.smoothedRtt).toBe(200);
    expect(rtt.rttVariation).toBe(100);
    expect(rtt.rto).toBe(600); // 200 + 4 * 100
  });

  it('smooths with alpha 1/8 and beta 1/4', () => {
    const rtt = new RttEstimator(limits);
    rtt.addSample(200);
    rtt.addSample(400);
    expect(rtt.rttVariation).toBeCloseTo(0.75 * 100 + 0.25 * 200);
    expect(rtt.smoothedRtt).toBeCloseTo(0.875 * 200 + 0.125 * 400);
  });

  it('clamps to the minimum and maximum', () => {
    const rtt = new RttEstimator(limits);
    rtt.addSample(1);
    expect(rtt.rto).toBe(100);
    rtt.addSample(50_000);
    expect(rtt.rto).toBe(8000);
  });

  it('doubles once per loss round, caps at the maximum, and resets on a fresh sample', () => {
    const rtt = new RttEstimator(limits);
    rtt.addSample(100); // rto 300
    rtt.onTimeout(1000, 700);
    expect(rtt.rto).toBe(600);
    rtt.onTimeout(1000, 700); // same round (sent before the last backoff): no compounding
    expect(rtt.rto).toBe(600);
    for (let t = 2000; t < 20_000; t += 1000) rtt.onTimeout(t, t - 1);
    expect(rtt.rto).toBe(8000);
    rtt.addSample(100);
    expect(rtt.rto).toBeLessThan(8000);
  });

  it('keeps the backoff out of baseRto, and reports whether a timeout started a new loss round', () => {
    const rtt = new RttEstimator(limits);
    rtt.addSample(100); // rto 300
    expect(rtt.onTimeout(1000, 700)).toBe(true);
    expect(rtt.onTimeout(1000, 700)).toBe(false);
    expect(rtt.rto).toBe(600);
    expect(rtt.baseRto).toBe(300);
  });

  it('leaves at least G = 10 ms above SRTT on a steady link', () => {
    const rtt = new RttEstimator({ initialRtoMs: 1000, minRtoMs: 1, maxRtoMs: 8000 });
    for (let i = 0; i < 100; i++) rtt.addSample(40);
    expect(rtt.rto).toBeCloseTo(50, 5);
  });
});

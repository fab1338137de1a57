// Test helpers for users' own tests (browser-safe, no Node built-ins): a seeded PRNG and a simulated UDP network.
export { seededRandom, seededRandomBytes } from './seeded-random.ts';
export {
  type LinkConditions,
  type SimLinkStats,
  SimNetwork,
  type SimValidator,
} from './sim-network.ts';

// Simulation helpers with no Node built-ins (safe in browser bundles): seeded randomness.
export { seededRandom, seededRandomBytes } from './seeded-random.ts';

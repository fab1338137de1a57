// Every scenario, in the order of findings.
import type { Scenario } from '../support/scenario.ts';
import { passwordDos } from './01-password-dos.ts';
import { lockoutAbuse } from './02-lockout-abuse.ts';
import { lockoutRace } from './03-lockout-race.ts';
import { enumeration } from './04-enumeration.ts';
import { plaintextInjection } from './05-plaintext-injection.ts';
import { idleWebsockets } from './06-idle-websockets.ts';
import { slowReaders } from './07-slow-readers.ts';
import { halfOpenSeats } from './08-half-open-seats.ts';
import { lobbySpree } from './08-lobby-spree.ts';
import { twoSeats } from './08-two-seats.ts';
import { handshakeFlood } from './09-handshake-flood.ts';
import { reflection } from './10-reflection.ts';
import { confusableNames } from './11-confusable-names.ts';
import { friendConsent } from './11-friend-consent.ts';
import { securityHeaders } from './11-security-headers.ts';

export const scenarios: readonly Scenario[] = [
  passwordDos,
  lockoutAbuse,
  lockoutRace,
  enumeration,
  plaintextInjection,
  idleWebsockets,
  slowReaders,
  halfOpenSeats,
  twoSeats,
  lobbySpree,
  handshakeFlood,
  reflection,
  confusableNames,
  friendConsent,
  securityHeaders,
];

// Observes every password check (real or dummy) and can hold them, for the attack-auth tests' vi.mock.
import type * as Passwords from '../../src/auth/passwords.ts';

/** Shared between a test and its mocked passwords module. */
export interface PasswordProbe {
  /** Password checks started (verifyPassword or verifyAgainstDummy), as the server would run scrypt. */
  checks: number;
  /** While true, checks wait until release() (a saturated pool without timing). */
  hold: boolean;
  waiting: (() => void)[];
}

/** Lets every held check run and stops holding. */
export function releaseChecks(probe: PasswordProbe): void {
  probe.hold = false;
  for (const resume of probe.waiting.splice(0)) resume();
}

/** The passwords module with its two check functions counted (and held while probe.hold). */
export function probedPasswords(real: typeof Passwords, probe: PasswordProbe): typeof Passwords {
  const gate = async () => {
    probe.checks += 1;
    if (probe.hold) await new Promise<void>((resume) => probe.waiting.push(resume));
  };
  return {
    ...real,
    verifyPassword: async (...args) => {
      await gate();
      return real.verifyPassword(...args);
    },
    verifyAgainstDummy: async (...args) => {
      await gate();
      return real.verifyAgainstDummy(...args);
    },
  };
}

// Time for the lobby manager: an injectable clock and repeating timer, so prune tests need no sleeps.

/** Runs `task` every `intervalMs` until the returned function is called. */
export interface Scheduler {
  now(): number;
  every(intervalMs: number, task: () => void): () => void;
}

/** The real clock and setInterval (unref'd, so a forgotten timer never keeps the process alive). */
export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  every(intervalMs, task) {
    const timer = setInterval(task, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  },
};

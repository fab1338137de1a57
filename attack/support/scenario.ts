// What a scenario is and what it reports: measured figures, each against its threshold.

/** One measured figure of a scenario. */
export interface Figure {
  metric: string;
  value: number;
  unit: string;
  /** The threshold as text, e.g. "≤ 3". */
  threshold: string;
  pass: boolean;
  /** A few words of context for the table (which names got through, …). */
  detail?: string;
}

/** One attack scenario of the issue. */
export interface Scenario {
  /** The finding number (1–11). */
  finding: number;
  name: string;
  run(): Promise<Figure[]>;
}

/** A figure that passes when value ≤ limit (NaN never passes: a missing counter is a failure). */
export function atMost(metric: string, value: number, limit: number, unit: string, detail?: string): Figure {
  return {
    metric,
    value,
    unit,
    threshold: `≤ ${limit}`,
    pass: value <= limit,
    ...(detail ? { detail } : {}),
  };
}

/** A figure that passes when value < limit. */
export function below(metric: string, value: number, limit: number, unit: string, detail?: string): Figure {
  return { metric, value, unit, threshold: `< ${limit}`, pass: value < limit, ...(detail ? { detail } : {}) };
}

/** A figure that passes when value ≥ limit. */
export function atLeast(metric: string, value: number, limit: number, unit: string, detail?: string): Figure {
  return {
    metric,
    value,
    unit,
    threshold: `≥ ${limit}`,
    pass: value >= limit,
    ...(detail ? { detail } : {}),
  };
}

/** A figure that passes when value = expected. */
export function equals(
  metric: string,
  value: number,
  expected: number,
  unit: string,
  detail?: string,
): Figure {
  return {
    metric,
    value,
    unit,
    threshold: `= ${expected}`,
    pass: value === expected,
    ...(detail ? { detail } : {}),
  };
}

/** A figure that is context only (always passes), e.g. an idle baseline. */
export function info(metric: string, value: number, unit: string, detail?: string): Figure {
  return { metric, value, unit, threshold: '(info)', pass: true, ...(detail ? { detail } : {}) };
}

/** Resolves after `ms` (attack loops pace themselves; this is a benchmark, not a test). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

import type { FaultRule, TransportFaults } from '../client/transport-faults.ts';
import type { Scenario } from './scenario.ts';

/** The most runs one shrink may spend; a bound, so that a shrink always ends. */
export const SHRINK_RUNS_MAX = 300;

/** The kinds of transport fault a scenario may have, in the order a shrink tries to drop them. */
const TRANSPORT_KINDS = ['throttle', 'internalError', 'loseResponse', 'delay'] as const;

/**
 * How a shrink cut a scenario down: plain data, so that a repro can apply it to the scenario its module exports
 * (whose client is code, not data) with {@link applyCuts}. Every member left out keeps the scenario's own.
 */
export interface Cuts {
  /** The load's duration, in minutes. */
  readonly durationMinutes?: number;
  /** At most this many lobbies arrive: the first ones, exactly as they would have (the generator is prefix-stable). */
  readonly lobbiesMax?: number;
  /** Indices of the scenario's faults that are kept. */
  readonly faults?: readonly number[];
  /** Per kind of transport fault, indices of the rules that are kept. */
  readonly transport?: { readonly [K in keyof TransportFaults]?: readonly number[] };
  /** No lobby disbands. */
  readonly noDisband?: true;
  /** Every lobby has the smallest size. */
  readonly smallestLobbies?: true;
}

/** The scenario as `cuts` cut it down: the same world and client, less load and fewer faults. */
export function applyCuts(scenario: Scenario, cuts: Cuts): Scenario {
  const load = scenario.load;
  const kept = <T>(items: readonly T[] | undefined, indices: readonly number[] | undefined): readonly T[] | undefined =>
    items === undefined || indices === undefined ? items : items.filter((_, i) => indices.includes(i));
  const transport = scenario.transport === undefined || cuts.transport === undefined
    ? scenario.transport
    : Object.fromEntries(TRANSPORT_KINDS.flatMap((k) => {
      const rules = kept<FaultRule>(scenario.transport![k], cuts.transport![k]);
      return rules === undefined ? [] : [[k, rules]];
    })) as TransportFaults;
  return {
    ...scenario,
    load: {
      ...load,
      durationMinutes: cuts.durationMinutes ?? load.durationMinutes,
      lobbiesMax: cuts.lobbiesMax ?? load.lobbiesMax,
      disband: cuts.noDisband ? undefined : load.disband,
      lobbySize: cuts.smallestLobbies ? { min: load.lobbySize.min, max: load.lobbySize.min } : load.lobbySize,
    },
    faults: kept(scenario.faults, cuts.faults),
    transport,
  };
}

export interface Shrunk {
  /** The cuts that make the smallest failing scenario found; `{}` when none still failed. */
  readonly cuts: Cuts;
  readonly scenario: Scenario;
  /** How many candidate scenarios were run. */
  readonly runs: number;
}

/**
 * Greedily shrinks a failing scenario for one seed: tries cuts, most reducing first, and keeps any that still fails
 * the same way, until none does or SHRINK_RUNS_MAX runs are spent. Every candidate is run again, so the result is a
 * real failure. `lobbies` is how many lobbies arrived in the failing run. The lobby generator draws arrivals from one
 * stream and each lobby's players from a stream of its own, and each fault's targets come from a stream named after
 * the fault, so a cut leaves the load's other draws as they were; the simulated service's own draws (ids, timings)
 * and the client's follow from what then happens.
 */
export async function shrink(
  scenario: Scenario, lobbies: number, stillFails: (candidate: Scenario) => Promise<boolean>,
): Promise<Shrunk> {
  let current: Cuts = {};
  let currentLobbies = lobbies;
  let runs = 0;
  for (let progressed = true; progressed && runs < SHRINK_RUNS_MAX; ) {
    progressed = false;
    for (const candidate of smallerThan(scenario, current, currentLobbies)) {
      if (runs++ >= SHRINK_RUNS_MAX) break;
      if (!(await stillFails(applyCuts(scenario, candidate)))) continue;
      current = candidate;
      currentLobbies = Math.min(currentLobbies, candidate.lobbiesMax ?? Infinity);
      progressed = true;
      break;
    }
  }
  return { cuts: current, scenario: applyCuts(scenario, current), runs };
}

/** Cuts one step beyond `cuts`, the biggest first. */
function* smallerThan(s: Scenario, cuts: Cuts, lobbies: number): Generator<Cuts> {
  const minutes = cuts.durationMinutes ?? s.load.durationMinutes;
  const faults = cuts.faults ?? (s.faults ?? []).map((_, i) => i);
  if (minutes > 1) yield { ...cuts, durationMinutes: Math.max(1, Math.floor(minutes / 2)) };
  if (lobbies > 1) yield { ...cuts, lobbiesMax: Math.floor(lobbies / 2) };
  const late = faults.filter((i) => s.faults![i]!.atMinute >= minutes);
  if (late.length > 0) yield { ...cuts, faults: faults.filter((i) => !late.includes(i)) };
  for (const i of faults) yield { ...cuts, faults: faults.filter((j) => j !== i) };
  for (const kind of TRANSPORT_KINDS) {
    const rules = cuts.transport?.[kind] ?? (s.transport?.[kind] ?? []).map((_, i) => i);
    for (const i of rules) yield { ...cuts, transport: { ...cuts.transport, [kind]: rules.filter((j) => j !== i) } };
  }
  if ((s.load.disband?.fraction ?? 0) > 0 && !cuts.noDisband) yield { ...cuts, noDisband: true };
  if (s.load.lobbySize.max > s.load.lobbySize.min && !cuts.smallestLobbies) yield { ...cuts, smallestLobbies: true };
  if (minutes > 1) yield { ...cuts, durationMinutes: minutes - 1 };
  if (lobbies > 1) yield { ...cuts, lobbiesMax: lobbies - 1 };
}

/** How the failure of a run that threw begins: what it threw follows (see `runOrThrown`). */
export const THROWN_BY_THE_RUN = 'thrown by the run: ';

/**
 * A failure's kind: the rule ID of a broken rule (`PL-5`), the check's name, or the measure of an unmet expectation;
 * for a run that threw, what it threw with its numbers and ids left out (`lobby-#`), so that a shrink keeps to that
 * error and does not drift to another of the same class.
 */
export function failureKind(failure: string): string {
  if (failure.startsWith(THROWN_BY_THE_RUN)) return failure.replace(/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}|\d+/g, '#');
  return failure.split(/[ :]/, 1)[0]!;
}

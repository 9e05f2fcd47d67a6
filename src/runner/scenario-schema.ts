import { EC2InstanceType } from '@aws-sdk/client-gamelift';
import { OPERATIONS, type OperationName } from '../api/operations.ts';
import { FAULT_RULES_MAX, RESPONSE_DELAY_MS_MAX } from '../client/transport-faults.ts';
import {
  DEFAULT_CONFIG,
  GAME_SESSION_RETENTION_DAYS_MAX,
  GAME_SESSION_RETENTION_DAYS_MIN,
  PLACEMENT_RETENTION_HOURS_MAX,
  PLACEMENT_RETENTION_HOURS_MIN,
} from '../model/config.ts';
import { isKnownLocation } from '../model/regions.ts';
import type { FaultSpec, ScenarioDefinition } from './define.ts';
import { STRIKE_EVERY_SECONDS_DEFAULT } from './fault-plan.ts';
import {
  bool, byKind, func, int, list, num, object, oneOf, range, record, refuse, str, ScenarioError,
  type Field,
} from './fields.ts';
import { parseThresholds, ThresholdError, type Thresholds } from './thresholds.ts';

/** The bounds a scenario is held to: a run of any valid scenario ends, and fits in memory. */
export const SCENARIO_LIMITS = {
  /** How long lobbies arrive (and the latest a fault or capacity change may strike), in virtual minutes: a day. */
  durationMinutesMax: 24 * 60,
  /** Any duration in seconds (activation, session length, disband delay, …): a day. */
  secondsMax: 24 * 3600,
  fleetsMax: 20,
  locationsPerFleetMax: 100,
  /** Desired or maximum instances of one fleet location. */
  instancesMax: 10_000,
  aliasesMax: 50,
  queuesMax: 50,
  destinationsPerQueueMax: 10,
  arrivalPhasesMax: 100,
  /** The arrival rate of any phase, in lobbies per minute. */
  lobbiesPerMinuteMax: 10_000,
  /** Players in a lobby, and in a game session (GameLift's own limit). */
  playersMax: 200,
  latencyRegionsMax: 100,
  /** Any latency bound, in ms. */
  latencyMsMax: 10_000,
  faultsMax: 1000,
  /** Strikes of one reclaim storm or crash fault within its window. */
  strikesPerFaultMax: 1440,
  capacityChangesMax: 1000,
  checksMax: 100,
  /** The reference client's polling period, in seconds: at least a tenth of a second, at most an hour. */
  pollSecondsMin: 0.1,
  pollSecondsMax: 3600,
  namesCharsMax: 128,
  descriptionCharsMax: 4096,
} as const;

const L = SCENARIO_LIMITS;
/** Names of fleets, aliases and queues become GameLift names: letters, digits and hyphens. */
const NAME = /^[a-zA-Z0-9-]+$/;
const LOCATION = /^[A-Za-z0-9-]+$/;

const name = str(L.namesCharsMax, NAME);
const minutes = num(0, L.durationMinutesMax);
const seconds = num(0, L.secondsMax);
const fraction = num(0, 1);

/** A number above 0 and at most `max`. */
function positive(max: number): Field<number> {
  return (v, path) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > max) refuse(path, `must be a number above 0 and at most ${max}`, v);
    return v;
  };
}

const durationRange: Field<unknown> = (v, path) => {
  const r = object({ minSeconds: seconds, maxSeconds: seconds }, {})(v, path);
  if (r.minSeconds > r.maxSeconds) refuse(path, 'must not have minSeconds above maxSeconds', v);
  return r;
};

const fleet = object(
  {
    name,
    processesPerInstance: int(1, 50),
    locations: record(LOCATION, object({ desired: int(0, L.instancesMax) }, { max: int(0, L.instancesMax) }), 1, L.locationsPerFleetMax),
  },
  {
    fleetType: oneOf('ON_DEMAND', 'SPOT'),
    instanceType: oneOf(...Object.values(EC2InstanceType)),
    maxConcurrentActivations: int(1, 1000),
    activationTimeoutSeconds: int(1, 600),
    tls: bool,
  },
);

const alias = object({ name }, { fleet: name, message: str(1024) });

const priority = oneOf('LATENCY', 'COST', 'DESTINATION', 'LOCATION');
const queue = object(
  { name, destinations: list(str(2 * L.namesCharsMax), 1, L.destinationsPerQueueMax) },
  {
    timeoutSeconds: int(10, 600),
    playerLatencyPolicies: list(object({ maximumMs: int(1, L.latencyMsMax) }, { durationSeconds: int(1, 600) }), 1, 10),
    allowedLocations: list(str(64, LOCATION), 1, 100),
    priorityOrder: list(priority, 1, 4),
    locationOrder: list(str(64, LOCATION), 1, 100),
    customEventData: str(256),
  },
);

const rate = num(0, L.lobbiesPerMinuteMax);
const phaseMinutes = positive(L.durationMinutesMax);
const phase = byKind<unknown>({
  constant: object({ kind: oneOf('constant'), minutes: phaseMinutes, lobbiesPerMinute: positive(L.lobbiesPerMinuteMax) }, {}),
  poisson: object({ kind: oneOf('poisson'), minutes: phaseMinutes, lobbiesPerMinute: rate }, {}),
  ramp: object({ kind: oneOf('ramp'), minutes: phaseMinutes, fromPerMinute: rate, toPerMinute: rate }, {}),
});

const latencyMs = num(0, L.latencyMsMax);
const latency = byKind<unknown>({
  uniform: (v, path) => {
    const d = object({ kind: oneOf('uniform'), minMs: latencyMs, maxMs: latencyMs }, {})(v, path);
    if (d.minMs > d.maxMs) refuse(path, 'must not have minMs above maxMs', v);
    return d;
  },
  normal: object({ kind: oneOf('normal'), meanMs: latencyMs, sdMs: latencyMs }, {}),
});

const players = object(
  {
    arrivals: list(phase, 1, L.arrivalPhasesMax),
    queues: list(name, 1, L.queuesMax),
    lobbySize: (v, path) => {
      const size = object({ min: int(1, L.playersMax), max: int(1, L.playersMax) }, {})(v, path);
      if (size.min > size.max) refuse(path, 'must not have min above max', v);
      return size;
    },
  },
  {
    maximumPlayers: int(1, L.playersMax),
    latencyMs: record(LOCATION, latency, 0, L.latencyRegionsMax),
    disband: object({ fraction, afterSeconds: durationRange }, {}),
  },
);

const server = object({}, {
  fleetActivationSeconds: durationRange,
  instanceStartSeconds: durationRange,
  activationSeconds: durationRange,
  activationFailureFraction: fraction,
  sessionSeconds: durationRange,
  terminationSeconds: durationRange,
  playerConnectSeconds: durationRange,
  playerStaySeconds: durationRange,
  noShowFraction: fraction,
  placementProcessingSeconds: durationRange,
});

const timings = object({}, {
  fleetActivation: durationRange,
  instanceStart: durationRange,
  gameSessionActivation: durationRange,
  gameSessionTermination: durationRange,
  gameSessionLifetime: durationRange,
  playerConnect: durationRange,
  playerStay: durationRange,
  playerNoShowProbability: fraction,
  placementProcessing: durationRange,
});

const legacyLoad = object(
  {
    durationMinutes: positive(L.durationMinutesMax),
    placementsPerMinute: positive(L.lobbiesPerMinuteMax),
    queues: list(name, 1, L.queuesMax),
    playersPerPlacement: range(int(1, L.playersMax)),
    maximumPlayers: int(1, L.playersMax),
  },
  {
    playerLatencyMs: record(LOCATION, range(latencyMs), 0, L.latencyRegionsMax),
    abandonProbability: fraction,
    abandonAfterSeconds: durationRange,
  },
);

const timing = { atMinute: minutes };
const window = { forMinutes: positive(L.durationMinutesMax) };
const strikes = { ...window, everySeconds: num(1, L.secondsMax) };
const target = { count: int(0, L.instancesMax), fraction, location: str(64, LOCATION) };
const fault = byKind<unknown>({
  spotReclaim: object({ kind: oneOf('spotReclaim'), fleet: name, ...timing }, { ...target, ...strikes }),
  processCrash: object({ kind: oneOf('processCrash'), fleet: name, ...timing }, { ...target, ...strikes }),
  capacityLoss: object({ kind: oneOf('capacityLoss'), fleet: name, ...timing }, { ...target, ...window, abrupt: bool }),
  activationFailure: object({ kind: oneOf('activationFailure'), fleet: name, fraction, ...timing }, { location: str(64, LOCATION), ...window }),
  slowActivation: object({ kind: oneOf('slowActivation'), fleet: name, delaySeconds: durationRange, ...timing }, { location: str(64, LOCATION), ...window }),
  setTimings: object({ kind: oneOf('setTimings'), timings, ...timing }, {}),
  setCapacity: object({ kind: oneOf('setCapacity'), fleet: name, desired: int(0, L.instancesMax), ...timing }, { location: str(64, LOCATION) }),
});

/** A transport fault's rule: the operations it strikes, a rate, a window of virtual seconds. */
const ruleMembers = {
  operations: list(oneOf(...(Object.keys(OPERATIONS) as OperationName[])), 1, Object.keys(OPERATIONS).length),
  rate: fraction,
  fromSeconds: num(0, L.durationMinutesMax * 60),
  toSeconds: num(0, L.durationMinutesMax * 60),
};
const faultRule = object({}, ruleMembers);
const delayMs = num(0, RESPONSE_DELAY_MS_MAX);
const transport = object({}, {
  throttle: list(faultRule, 0, FAULT_RULES_MAX),
  internalError: list(faultRule, 0, FAULT_RULES_MAX),
  loseResponse: list(faultRule, 0, FAULT_RULES_MAX),
  delay: list(object({ minMs: delayMs, maxMs: delayMs }, ruleMembers), 0, FAULT_RULES_MAX),
});

const check = object({ name: str(L.namesCharsMax), inspect: func }, { everySeconds: num(1, L.secondsMax) });

const expectations = object({}, {
  fulfilledPercentAtLeast: num(0, 100),
  timedOutPercentAtMost: num(0, 100),
  failedPercentAtMost: num(0, 100),
  p95FulfilSecondsAtMost: seconds,
});

/** k6-style thresholds: their parser names the metric and the expression at fault. */
const thresholds: Field<Thresholds> = (v) => {
  try {
    parseThresholds(v);
  } catch (error) {
    if (error instanceof ThresholdError) throw new ScenarioError(error.message);
    throw error;
  }
  return v as Thresholds;
};

const scenario = object(
  { name: str(L.namesCharsMax), fleets: list(fleet, 1, L.fleetsMax), queues: list(queue, 1, L.queuesMax) },
  {
    description: str(L.descriptionCharsMax),
    homeRegion: str(64, LOCATION),
    durationMinutes: positive(L.durationMinutesMax),
    aliases: list(alias, 0, L.aliasesMax),
    capacity: list(object({ fleet: name, desired: int(0, L.instancesMax), ...timing }, { location: str(64, LOCATION) }), 0, L.capacityChangesMax),
    players,
    server,
    timings,
    retention: object({}, {
      gameSessionsDays: num(GAME_SESSION_RETENTION_DAYS_MIN, GAME_SESSION_RETENTION_DAYS_MAX),
      placementsHours: num(PLACEMENT_RETENTION_HOURS_MIN, PLACEMENT_RETENTION_HOURS_MAX),
    }),
    load: legacyLoad,
    faults: list(fault, 0, L.faultsMax),
    client: func,
    referenceClient: object({}, { outcomes: oneOf('poll', 'events'), pollSeconds: num(L.pollSecondsMin, L.pollSecondsMax) }),
    transport,
    checks: list(check, 0, L.checksMax),
    expect: expectations,
    thresholds,
  },
);

/**
 * Checks a scenario definition: its shape (no unknown field, every value of the right type and within
 * SCENARIO_LIMITS), then that it holds together (names it refers to exist, locations belong to their fleet). Throws
 * a ScenarioError naming the scenario's field path on the first problem; returns the definition, typed.
 */
export function checkDefinition(data: unknown): ScenarioDefinition {
  scenario(data, '');
  const s = data as ScenarioDefinition;
  const home = s.homeRegion ?? DEFAULT_CONFIG.homeRegion;
  if (!isKnownLocation(home)) problem('homeRegion', `must be an AWS Region, got "${home}"`);
  if (s.client !== undefined && s.referenceClient !== undefined) problem('referenceClient', 'sets the bundled reference client, which a scenario with its own client does not run');

  const fleets = unique(s.fleets.map((f) => f.name), 'fleets');
  s.fleets.forEach((f, i) => {
    const path = `fleets[${i}].locations`;
    if (Object.keys(f.locations)[0] !== home) problem(path, `must list the home Region ${home} first, got ${Object.keys(f.locations).join(', ')}`);
    for (const [location, { desired, max }] of Object.entries(f.locations)) {
      if (!isKnownLocation(location)) problem(`${path}.${location}`, 'is not an AWS Region, local zone or custom location');
      if (max !== undefined && max < desired) problem(`${path}.${location}.max`, `must be at least desired (${desired}), got ${max}`);
    }
  });
  const fleetNamed = new Map(s.fleets.map((f) => [f.name, f]));
  const aliases = unique((s.aliases ?? []).map((a) => a.name), 'aliases');
  (s.aliases ?? []).forEach((a, i) => {
    if (a.fleet !== undefined && !fleets.has(a.fleet)) problem(`aliases[${i}].fleet`, `must name a fleet of the scenario, got "${a.fleet}"`);
  });
  const queues = unique(s.queues.map((q) => q.name), 'queues');
  s.queues.forEach((q, i) => q.destinations.forEach((d, j) => {
    const [kind, ref] = d.split(':');
    if (!((kind === 'fleet' && fleets.has(ref!)) || (kind === 'alias' && aliases.has(ref!)))) {
      problem(`queues[${i}].destinations[${j}]`, `must be fleet:<name> or alias:<name> of a fleet or alias of the scenario, got "${d}"`);
    }
  }));

  if (s.load !== undefined) {
    if (s.players !== undefined || s.durationMinutes !== undefined) problem('load', 'is the older form of players and durationMinutes: give one or the other, not both');
    s.load.queues.forEach((q, i) => knownQueue(q, `load.queues[${i}]`));
    if (s.load.maximumPlayers < s.load.playersPerPlacement[1]) problem('load.maximumPlayers', `must be at least the largest lobby (${s.load.playersPerPlacement[1]}), got ${s.load.maximumPlayers}`);
  } else {
    if (s.durationMinutes === undefined) problem('durationMinutes', 'is required (or the older load section)');
    if (s.players === undefined) problem('players', 'is required (or the older load section)');
    s.players.queues.forEach((q, i) => knownQueue(q, `players.queues[${i}]`));
    const max = s.players.maximumPlayers;
    if (max !== undefined && max < s.players.lobbySize.max) problem('players.maximumPlayers', `must be at least lobbySize.max (${s.players.lobbySize.max}), got ${max}`);
  }
  function knownQueue(q: string, path: string): void {
    if (!queues.has(q)) problem(path, `must name a queue of the scenario, got "${q}"`);
  }

  const fleetLocation = (path: string, fleetName: string, location: string | undefined): void => {
    const f = fleetNamed.get(fleetName);
    if (f === undefined) problem(`${path}.fleet`, `must name a fleet of the scenario, got "${fleetName}"`);
    if (location !== undefined && !Object.hasOwn(f.locations, location)) {
      problem(`${path}.location`, `must be a location of fleet ${fleetName} (${Object.keys(f.locations).join(', ')}), got "${location}"`);
    }
  };
  (s.capacity ?? []).forEach((c, i) => fleetLocation(`capacity[${i}]`, c.fleet, c.location));
  (s.faults ?? []).forEach((f, i) => checkFault(f, `faults[${i}]`));
  (s.transport?.delay ?? []).forEach((d, i) => {
    if (d.maxMs < d.minMs) problem(`transport.delay[${i}].maxMs`, `must be at least minMs (${d.minMs}), got ${d.maxMs}`);
  });

  function checkFault(f: FaultSpec, path: string): void {
    if (f.kind === 'setTimings') return;
    fleetLocation(path, f.fleet, f.location);
    if ((f.kind === 'spotReclaim' || f.kind === 'processCrash' || f.kind === 'capacityLoss') && f.count !== undefined && f.fraction !== undefined) {
      problem(path, 'takes count or fraction, not both');
    }
    if (f.kind === 'spotReclaim' && fleetNamed.get(f.fleet)!.fleetType !== 'SPOT') {
      problem(`${path}.fleet`, `must name a SPOT fleet for a spotReclaim, got "${f.fleet}"`);
    }
    if (f.kind === 'spotReclaim' || f.kind === 'processCrash') {
      if (f.everySeconds !== undefined && f.forMinutes === undefined) problem(`${path}.everySeconds`, 'needs forMinutes: strikes repeat only within a window');
      const strikes = Math.ceil(((f.forMinutes ?? 0) * 60) / (f.everySeconds ?? STRIKE_EVERY_SECONDS_DEFAULT));
      if (strikes > L.strikesPerFaultMax) problem(`${path}.everySeconds`, `must leave at most ${L.strikesPerFaultMax} strikes in the window, got ${f.everySeconds ?? STRIKE_EVERY_SECONDS_DEFAULT} (${strikes} strikes)`);
    }
  }
  return s;
}

function problem(path: string, what: string): never {
  throw new ScenarioError(`${path} ${what}`);
}

/** The names of a list, refusing a repeated one. */
function unique(names: readonly string[], path: string): Set<string> {
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (seen.has(n)) throw new ScenarioError(`${path}[${i}].name must be unique, got "${n}" again`);
    seen.add(n);
  });
  return seen;
}

import { RandomStreams, type RandomStream } from '../engine/random.ts';
import type { ArrivalPhase, LatencyDistribution, Load } from './define.ts';

/** The highest latency a player reports to a region, in ms; draws above it are clamped [C]. */
export const LATENCY_MS_MAX = 10_000;

/** One player of a lobby: an id, and the latency they report to each region of the players section. */
export interface LobbyPlayer {
  readonly playerId: string;
  /** By region, in whole ms; empty when the scenario gives no latency data. */
  readonly latencyMs: Readonly<Record<string, number>>;
}

/** A lobby the players section makes arrive: who is in it, where it queues, and whether (and when) it disbands. */
export interface Lobby {
  /** `lobby-<index>`: usable as a PlacementId. */
  readonly id: string;
  /** 1 for the first lobby to arrive, then 2, … */
  readonly index: number;
  /** When it arrives, in virtual ms since the load started. */
  readonly arrivalMs: number;
  readonly queue: string;
  readonly maximumPlayers: number;
  readonly players: readonly LobbyPlayer[];
  /** How long after arriving it disbands, in ms; undefined when it waits as long as it takes. */
  readonly disbandAfterMs: number | undefined;
}

/**
 * The lobbies a players section makes arrive during its duration, in order of arrival, for a seed. Prefix-stable:
 * arrival times draw from one stream and each lobby's contents from a `once` stream of its own (named after its
 * index), so cutting the duration or taking fewer lobbies leaves every earlier lobby exactly as it was. The streams
 * derive from the seed and are no part of the simulation's state. `skip`: the first this many are passed over without
 * being made (only their arrival times are drawn), as a run restored from a snapshot goes on with the next.
 */
export function* lobbies(load: Load, seed: number | string, skip = 0): Generator<Lobby> {
  const random = new RandomStreams(seed);
  const endMs = load.durationMinutes * 60_000;
  const regions = Object.entries(load.latencyMs ?? {});
  let index = 0;
  for (const arrivalMs of arrivalTimes(load.arrivals, random.stream('lobbies/arrivals'))) {
    if (arrivalMs >= endMs || index >= (load.lobbiesMax ?? Infinity)) return;
    index++;
    if (index > skip) yield lobbyAt(load, regions, index, arrivalMs, random.once(`lobbies/${index}`));
  }
}

/** Arrival times in ms since the start, phase after phase, non-decreasing. */
function* arrivalTimes(phases: readonly ArrivalPhase[], stream: RandomStream): Generator<number> {
  let phaseStartMs = 0;
  // The unit-exponential "distance" to the next Poisson arrival, carried across phases: a Poisson stream with a
  // varying rate λ(t) has its next arrival where ∫λ reaches an Exp(1) draw (time change of a unit-rate stream).
  let need = exponential(stream);
  for (const phase of phases) {
    const lengthMs = phase.minutes * 60_000;
    if (phase.kind === 'constant') {
      const gapMs = 60_000 / phase.lobbiesPerMinute;
      for (let k = 1; k * gapMs < lengthMs; k++) yield Math.round(phaseStartMs + k * gapMs);
    } else {
      const from = (phase.kind === 'ramp' ? phase.fromPerMinute : phase.lobbiesPerMinute) / 60_000;
      const to = (phase.kind === 'ramp' ? phase.toPerMinute : phase.lobbiesPerMinute) / 60_000;
      const slope = (to - from) / lengthMs;
      // Integrated rate from 0 to t within the phase.
      const area = (t: number): number => from * t + (slope * t * t) / 2;
      let t = 0;
      while (area(lengthMs) - area(t) >= need) {
        const target = area(t) + need;
        t = slope === 0 ? target / from : (-from + Math.sqrt(from * from + 2 * slope * target)) / slope;
        yield Math.round(phaseStartMs + t);
        need = exponential(stream);
      }
      need -= area(lengthMs) - area(t);
    }
    phaseStartMs += lengthMs;
  }
}

function exponential(stream: RandomStream): number {
  return -Math.log(1 - stream.next());
}

/** Lobby `index`; `regions`: the load's latency distributions by region, in the order each player draws them. */
function lobbyAt(load: Load, regions: readonly (readonly [string, LatencyDistribution])[], index: number, arrivalMs: number, rnd: RandomStream): Lobby {
  const queue = load.queues[rnd.int(0, load.queues.length - 1)]!;
  const size = rnd.int(load.lobbySize.min, load.lobbySize.max);
  // Plain loops, as a lobby arrives about every 40 ms of a day's run: no pair arrays per latency, no closure per player;
  // the players' array made at its size, and each id one concatenation onto the lobby's prefix.
  const players: LobbyPlayer[] = new Array<LobbyPlayer>(size);
  const playerIdPrefix = `player-${index}-`;
  for (let i = 0; i < size; i++) {
    const latencyMs: Record<string, number> = {};
    for (const [region, dist] of regions) latencyMs[region] = latency(dist, rnd);
    players[i] = { playerId: playerIdPrefix + i, latencyMs };
  }
  const disband = load.disband;
  // Both draws are made whether or not the lobby disbands, so that changing the fraction changes nothing else.
  const disbands = rnd.next() < (disband?.fraction ?? 0);
  const afterSeconds = disband === undefined ? 0 : disband.afterSeconds.minSeconds + rnd.next() * (disband.afterSeconds.maxSeconds - disband.afterSeconds.minSeconds);
  return {
    id: `lobby-${index}`,
    index,
    arrivalMs,
    queue,
    maximumPlayers: load.maximumPlayers ?? load.lobbySize.max,
    players,
    disbandAfterMs: disbands ? Math.round(afterSeconds * 1000) : undefined,
  };
}

function latency(dist: LatencyDistribution, rnd: RandomStream): number {
  const ms = dist.kind === 'uniform'
    ? dist.minMs + rnd.next() * (dist.maxMs - dist.minMs)
    // Box–Muller: two uniform draws make one standard normal draw.
    : dist.meanMs + dist.sdMs * Math.sqrt(-2 * Math.log(1 - rnd.next())) * Math.cos(2 * Math.PI * rnd.next());
  return Math.min(LATENCY_MS_MAX, Math.max(1, Math.round(ms)));
}

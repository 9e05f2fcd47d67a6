import type { Simulation } from '../api/simulation.ts';

/** Requests per virtual second: one limit for the whole account, and tighter ones for some operations. */
export interface RateLimits {
  readonly accountPerSecond: number;
  readonly operationPerSecond: Readonly<Record<string, number>>;
}

/** GameLift's documented default rates (WR-5). */
export const GAMELIFT_RATE_LIMITS: RateLimits = {
  accountPerSecond: 500,
  operationPerSecond: { CreateGameSession: 50, CreatePlayerSession: 50, CreatePlayerSessions: 150 },
};

/** The exception a throttled request gets, with HTTP 400 (WR-5). */
export const THROTTLING = 'ThrottlingException';
/** GameLift's message for a throttled request (WR-5). */
export const THROTTLING_MESSAGE = 'Rate exceeded';

/** A token bucket that refills `perSecond` tokens per virtual second, holding at most one second's worth. */
class Bucket {
  #tokens: number;
  #lastMs: number | undefined;

  constructor(private readonly perSecond: number) {
    this.#tokens = perSecond;
  }

  hasToken(nowMs: number): boolean {
    this.#refill(nowMs);
    return this.#tokens >= 1;
  }

  take(): void {
    this.#tokens -= 1;
  }

  #refill(nowMs: number): void {
    // Virtual time never moves back, but guard anyway: a bucket must never drain because of a clock it does not own.
    const elapsedMs = this.#lastMs === undefined ? 0 : Math.max(0, nowMs - this.#lastMs);
    this.#tokens = Math.min(this.perSecond, this.#tokens + (elapsedMs * this.perSecond) / 1000);
    this.#lastMs = nowMs;
  }
}

/**
 * WR-5: GameLift's request rates, counted in virtual time, so that the same calls at the same virtual times are
 * throttled the same way in every run (DT-1). A request is admitted when both the account's bucket and its
 * operation's bucket hold a token, and then takes one from each.
 *
 * [C] A throttled request takes no token; the per-resource limits the documentation mentions without numbers
 * (DescribeGameSessions, DescribeGameSessionPlacement, DescribePlayerSessions) are not modelled; time that does not
 * move (a manual clock, or in-process calls between two `advanceBy`) refills nothing, so a tight loop of more than
 * 50 CreateGameSession calls is throttled just as it would be against GameLift.
 */
export class Throttle {
  readonly #account: Bucket;
  readonly #operations = new Map<string, Bucket>();

  constructor(private readonly limits: RateLimits = GAMELIFT_RATE_LIMITS) {
    this.#account = new Bucket(limits.accountPerSecond);
  }

  /** Whether a call of `operation` at virtual time `nowMs` is within the rates; takes its token if so. */
  admit(operation: string, nowMs: number): boolean {
    const own = this.#bucketOf(operation);
    if (!this.#account.hasToken(nowMs) || (own !== undefined && !own.hasToken(nowMs))) return false;
    this.#account.take();
    own?.take();
    return true;
  }

  #bucketOf(operation: string): Bucket | undefined {
    if (!Object.hasOwn(this.limits.operationPerSecond, operation)) return undefined;
    let bucket = this.#operations.get(operation);
    if (bucket === undefined) {
      bucket = new Bucket(this.limits.operationPerSecond[operation]!);
      this.#operations.set(operation, bucket);
    }
    return bucket;
  }
}

const throttles = new WeakMap<Simulation, Throttle>();

/**
 * The simulation's account-wide throttle with GameLift's default rates, shared by every transport that serves it,
 * as GameLift counts an account's requests whichever client sends them.
 */
export function throttleOf(sim: Simulation): Throttle {
  let throttle = throttles.get(sim);
  if (throttle === undefined) {
    throttle = new Throttle();
    throttles.set(sim, throttle);
  }
  return throttle;
}

import type { OperationName } from '../api/operations.ts';
import type { Simulation } from '../api/simulation.ts';
import type { RandomStream } from '../engine/random.ts';

/**
 * When a transport fault strikes a call: for the operations named (all when none are), during a window of virtual
 * time (always when none is given), with a probability per call.
 */
export interface FaultRule {
  /** The operations it strikes; every operation when absent. */
  readonly operations?: readonly OperationName[];
  /** The chance that it strikes a call within its window and operations, in [0, 1]; 1 when absent. */
  readonly rate?: number;
  /** Start of its window, in virtual seconds since the simulation's start; the start when absent. */
  readonly fromSeconds?: number;
  /** End of its window (exclusive), in virtual seconds since the simulation's start; no end when absent. */
  readonly toSeconds?: number;
}

/** A delay added to the responses of the calls a rule strikes, drawn uniformly in [minMs, maxMs] of virtual time. */
export interface DelayRule extends FaultRule {
  readonly minMs: number;
  readonly maxMs: number;
}

/**
 * Faults of the network between a client and GameLift, applied to the client's calls alike on the fast path and on
 * the wire, and drawn from streams of the run's seed (one per fault and operation, so that adding a fault on one
 * operation leaves the draws of the others as they were).
 */
export interface TransportFaults {
  /** ThrottlingException ("Rate exceeded", 400) before the call reaches the service: it takes no effect. */
  readonly throttle?: readonly FaultRule[];
  /** InternalServiceException (500) before the call reaches the service: it takes no effect. */
  readonly internalError?: readonly FaultRule[];
  /**
   * Lost responses: the call reaches the service and takes effect, and the client gets {@link LostResponseError}
   * instead of the answer, so that a retried StartGameSessionPlacement meets its own placement id (PL-2).
   */
  readonly loseResponse?: readonly FaultRule[];
  /** The answer (or error) arrives this much virtual time later; the call took effect when it was sent. */
  readonly delay?: readonly DelayRule[];
}

/** How many rules one kind of fault may have. */
export const FAULT_RULES_MAX = 100;
/** The longest response delay: one hour, in ms. */
export const RESPONSE_DELAY_MS_MAX = 3_600_000;

/** What the client gets for a lost response: no HTTP answer at all, as when a connection drops after the request. */
export class LostResponseError extends Error {
  override readonly name = 'TimeoutError';
  /** What the SDK's retry strategies read: a timeout is transient, so worth retrying. */
  readonly $metadata = { attempts: 1, totalRetryDelay: 0 };
  constructor(readonly operation: string) {
    super(`${operation}: the connection was lost before the response arrived; the request reached GameLift and may have taken effect (a simulated transport fault)`);
  }
}

/** What the faults decided for one call before it reaches the service. */
export type Refusal = { readonly type: 'ThrottlingException'; readonly status: 400; readonly message: string } |
  { readonly type: 'InternalServiceException'; readonly status: 500; readonly message: string };

/**
 * The faults of one client, checked and ready to draw. Both transports ask it the same questions in the same order
 * for every call — {@link refusal} when the call is sent, {@link loses} and {@link delayMs} once it has taken effect —
 * so that the same calls draw the same faults on either path (DT-1).
 */
export class TransportFaultPlan {
  readonly #sim: Simulation;
  readonly #faults: TransportFaults;

  constructor(sim: Simulation, faults: TransportFaults) {
    check(faults);
    this.#sim = sim;
    this.#faults = faults;
  }

  refusal(operation: string): Refusal | undefined {
    if (this.#strikes('throttle', operation)) return { type: 'ThrottlingException', status: 400, message: 'Rate exceeded' };
    if (this.#strikes('internalError', operation)) {
      return { type: 'InternalServiceException', status: 500, message: 'An internal service error occurred (a simulated transport fault)' };
    }
    return undefined;
  }

  loses(operation: string): boolean {
    return this.#strikes('loseResponse', operation);
  }

  /** The virtual ms the call's answer is held back: the sum of the delays of every rule that strikes it. */
  delayMs(operation: string): number {
    let total = 0;
    for (const [i, rule] of (this.#faults.delay ?? []).entries()) {
      if (!this.#strikesWith(rule, `delay/${i}`, operation)) continue;
      total += rule.minMs + Math.floor(this.#stream(`delay-ms/${i}`, operation).next() * (rule.maxMs - rule.minMs + 1));
    }
    return total;
  }

  #strikes(kind: 'throttle' | 'internalError' | 'loseResponse', operation: string): boolean {
    return (this.#faults[kind] ?? []).some((rule, i) => this.#strikesWith(rule, `${kind}/${i}`, operation));
  }

  #strikesWith(rule: FaultRule, name: string, operation: string): boolean {
    if (rule.operations !== undefined && !rule.operations.includes(operation as OperationName)) return false;
    const sinceStartMs = this.#sim.nowMs - this.#sim.world.config.startMs;
    if (rule.fromSeconds !== undefined && sinceStartMs < rule.fromSeconds * 1000) return false;
    if (rule.toSeconds !== undefined && sinceStartMs >= rule.toSeconds * 1000) return false;
    const rate = rule.rate ?? 1;
    // A sure or impossible fault draws nothing: its stream is left to rules that need it.
    return rate >= 1 || (rate > 0 && this.#stream(name, operation).next() < rate);
  }

  #stream(name: string, operation: string): RandomStream {
    return this.#sim.world.engine.random.stream(`transport/${name}/${operation}`);
  }
}

/** Refuses a config whose rule is out of range, naming the rule by its path: a programmer's error, not the service's. */
function check(faults: TransportFaults): void {
  const kinds = ['throttle', 'internalError', 'loseResponse', 'delay'] as const;
  for (const key of Object.keys(faults)) {
    if (!(kinds as readonly string[]).includes(key)) throw new RangeError(`transport faults: unknown fault ${JSON.stringify(key)}, expected one of ${kinds.join(', ')}`);
  }
  for (const kind of kinds) {
    const rules: readonly (FaultRule & Partial<DelayRule>)[] = faults[kind] ?? [];
    if (rules.length > FAULT_RULES_MAX) throw new RangeError(`transport faults: ${kind} has ${rules.length} rules, at most ${FAULT_RULES_MAX}`);
    rules.forEach((rule, i) => {
      const at = `${kind}[${i}]`;
      const { rate, fromSeconds, toSeconds } = rule;
      if (rate !== undefined && !(rate >= 0 && rate <= 1)) throw new RangeError(`transport faults: ${at}.rate must be in [0, 1], got ${rate}`);
      if (fromSeconds !== undefined && !(fromSeconds >= 0)) throw new RangeError(`transport faults: ${at}.fromSeconds must be ≥ 0, got ${fromSeconds}`);
      if (toSeconds !== undefined && !(toSeconds >= (fromSeconds ?? 0))) {
        throw new RangeError(`transport faults: ${at}.toSeconds must be ≥ fromSeconds, got ${toSeconds}`);
      }
      if (kind === 'delay') {
        const { minMs, maxMs } = rule;
        if (!(Number.isInteger(minMs) && minMs! >= 0 && Number.isInteger(maxMs) && maxMs! >= minMs! && maxMs! <= RESPONSE_DELAY_MS_MAX)) {
          throw new RangeError(`transport faults: ${at} must have whole minMs ≤ maxMs in [0, ${RESPONSE_DELAY_MS_MAX}], got ${minMs}..${maxMs}`);
        }
      }
    });
  }
}

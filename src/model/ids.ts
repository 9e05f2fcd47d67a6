import { uuidFrom, type RandomStreams } from '../engine/random.ts';

/** The stream and the text before the UUID of each kind of id, as constants: a new string per id is one more hash. */
const UUID_STREAMS = { fleet: 'ids/fleet', alias: 'ids/alias', gsess: 'ids/gsess', psess: 'ids/psess' } as const;
const UUID_PREFIXES = { fleet: 'fleet-', alias: 'alias-', gsess: 'gsess-', psess: 'psess-' } as const;

/**
 * Identifiers drawn from seeded streams, one stream per kind, so that adding a game session never changes the id of
 * the next fleet (STYLE: streams derived from a stable name).
 */
export class IdSource {
  readonly #random: RandomStreams;

  constructor(random: RandomStreams) {
    this.#random = random;
  }

  /** `<prefix>-<uuid>`, as GameLift forms fleet, alias, game session and player session ids. */
  uuid(prefix: 'fleet' | 'alias' | 'gsess' | 'psess'): string {
    return uuidFrom(this.#random.stream(UUID_STREAMS[prefix]), UUID_PREFIXES[prefix]);
  }

  /** A bare UUID for an emitted event's `id`. */
  eventId(): string {
    return uuidFrom(this.#random.stream('ids/event'));
  }

  /** An EC2 instance id: `i-` and 17 hex digits. */
  instanceId(): string {
    const stream = this.#random.stream('ids/instance');
    let hex = '';
    for (let i = 0; i < 17; i++) hex += stream.int(0, 15).toString(16);
    return `i-${hex}`;
  }

  /** A public IPv4 address for a new instance. */
  ipAddress(): string {
    const stream = this.#random.stream('ids/ip');
    return `${stream.int(3, 54)}.${stream.int(0, 255)}.${stream.int(0, 255)}.${stream.int(1, 254)}`;
  }
}

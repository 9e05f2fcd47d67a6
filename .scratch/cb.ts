import { randomBytes } from 'node:crypto';
import { cbor } from '@smithy/core/cbor';
import { decodeCbor } from '../src/wire/cbor-decode.ts';
import { Simulation } from '/work/wt-serve/src/api/simulation.ts';
import { handle } from '/work/wt-serve/src/wire/handle.ts';
const sim = new Simulation({ seed: 1 });
const defects = new Map<string, number>();
const statuses = new Map<number, number>();
for (let i = 0; i < 20000; i++) {
  const body = randomBytes(1 + (i % 15));
  const r = handle(sim, { method: 'POST', path: '/service/GameLift/operation/DescribeGameSessions', headers: { 'smithy-protocol': 'rpc-v2-cbor' }, body }, { throttle: false, onDefect: (e) => { const k = String((e as Error).message).slice(0, 80); defects.set(k, (defects.get(k) ?? 0) + 1); } });
  statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
}
console.log(statuses, defects);

// invalid utf8 and trailing
const bad = new Uint8Array([0xa1, 0x67, ...Buffer.from('FleetId'), 0x62, 0xff, 0xfe]);
try { console.log('invalid utf8 ->', decodeCbor(bad)); } catch (e) { console.log('threw', (e as Error).message); }
const trailing = new Uint8Array([...cbor.serialize({ Limit: 1 }), 0x01, 0x02]);
try { console.log('trailing ->', decodeCbor(trailing)); } catch (e) { console.log('threw', (e as Error).message); }
const proto = cbor.serialize(Object.fromEntries([['__proto__', { a: 1 }], ['Limit', 2]]));
const d = decodeCbor(proto); console.log('proto ->', d, Object.getPrototypeOf(d) === Object.prototype, Object.keys(d));

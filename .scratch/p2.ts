import { Simulation } from '../src/api/simulation.ts';
import { handle } from '../src/wire/handle.ts';
const sim = new Simulation({ seed: 'bench-serve' });
const fleetId = sim.call('CreateFleet', { Name: 'bench', BuildId: 'build-b', EC2InstanceType: 'c5.large', RuntimeConfiguration: { ServerProcesses: [{ LaunchPath: '/game', ConcurrentExecutions: 50 }] } }).FleetAttributes!.FleetId!;
sim.call('UpdateFleetCapacity', { FleetId: fleetId, DesiredInstances: 20, MaxSize: 20 });
sim.advanceBy(3600);
for (let i = 0; i < 1000; i++) sim.call('CreateGameSession', { FleetId: fleetId, MaximumPlayerSessionCount: 10 });
sim.advanceBy(60);
const req = { method: 'POST', path: '/', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'GameLift.DescribeGameSessions' }, body: new TextEncoder().encode(JSON.stringify({ FleetId: fleetId, Limit: 10 })) };
const ans = JSON.parse(new TextDecoder().decode(handle(sim, req, { throttle: false }).body));
let th = 0, te = 0, tb = 0;
for (let r = 0; r < 30; r++) {
  let t = performance.now();
  for (let i = 0; i < 300; i++) handle(sim, req, { throttle: false });
  th += performance.now() - t; t = performance.now();
  for (let i = 0; i < 300; i++) sim.execute('DescribeGameSessions', { FleetId: fleetId, Limit: 10 });
  te += performance.now() - t; t = performance.now();
  for (let i = 0; i < 300; i++) { JSON.parse(new TextDecoder().decode(req.body)); Buffer.from(JSON.stringify(ans)); }
  tb += performance.now() - t;
}
console.log(`handle ${(th/9).toFixed(1)}us execute ${(te/9).toFixed(1)}us bare ${(tb/9).toFixed(1)}us; wire-only ${((th-te)/9).toFixed(1)}us = ${((th-te)/tb).toFixed(2)}x bare`);

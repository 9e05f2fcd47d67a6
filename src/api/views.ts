import type {
  Alias as SdkAlias,
  EC2InstanceCounts,
  FleetAttributes,
  FleetCapacity,
  GameProperty,
  GameSession as SdkGameSession,
  LocationState,
  PlayerSession as SdkPlayerSession,
} from '@aws-sdk/client-gamelift';
import { playerSessionStatus, type Alias, type Fleet, type FleetLocation, type GameSession, type PlayerSession } from '../model/entities.ts';

/** The model's entities in the SDK's shapes: what every operation returns. Absent members are left out. */

/** `ms` as a Date; undefined stays undefined, so that the member is left out. */
const date = (ms: number | undefined): Date | undefined => (ms === undefined ? undefined : new Date(ms));

/** GameProperties as a game session or a placement shows them: copies, so that a caller cannot change the model's. */
export function gamePropertiesView(properties: readonly GameProperty[]): GameProperty[] {
  const view: GameProperty[] = new Array(properties.length);
  for (let i = 0; i < properties.length; i++) view[i] = { Key: properties[i]!.Key, Value: properties[i]!.Value };
  return view;
}

/**
 * A game session as every operation shows it (DG-10): FleetArn, Location and CreationTime always; TerminationTime
 * once TERMINATED; StatusReason where one applies; IpAddress, DnsName and Port once it has been ACTIVE.
 */
export function gameSessionView(s: GameSession): SdkGameSession {
  const reachable = s.activated;
  return {
    GameSessionId: s.gameSessionId,
    Name: s.name,
    FleetId: s.fleet.fleetId,
    FleetArn: s.fleet.fleetArn,
    CreationTime: new Date(s.creationTimeMs),
    TerminationTime: s.status === 'TERMINATED' ? date(s.terminationTimeMs) : undefined,
    CurrentPlayerSessionCount: s.currentPlayerSessionCount,
    MaximumPlayerSessionCount: s.maximumPlayerSessionCount,
    Status: s.status,
    StatusReason: s.statusReason,
    GameProperties: gamePropertiesView(s.gameProperties),
    IpAddress: reachable ? s.instance.ipAddress : undefined,
    DnsName: reachable ? s.instance.dnsName : undefined,
    Port: reachable ? s.port : undefined,
    PlayerSessionCreationPolicy: s.playerSessionCreationPolicy,
    CreatorId: s.creatorId,
    GameSessionData: s.gameSessionData,
    Location: s.location.location,
    ComputeName: s.instance.instanceId,
  };
}

/**
 * A player session as CreatePlayerSession(s) and DescribePlayerSessions show it at `nowMs`: its game session's
 * connection details (IpAddress, DnsName, Port) and TerminationTime once COMPLETED or TIMEDOUT.
 */
export function playerSessionView(ps: PlayerSession, nowMs: number): SdkPlayerSession {
  const s = ps.gameSession;
  return {
    PlayerSessionId: ps.playerSessionId,
    PlayerId: ps.playerId,
    GameSessionId: s.gameSessionId,
    FleetId: s.fleet.fleetId,
    FleetArn: s.fleet.fleetArn,
    CreationTime: new Date(ps.creationTimeMs),
    TerminationTime: date(ps.terminationTimeMs),
    Status: playerSessionStatus(ps, nowMs),
    IpAddress: s.instance.ipAddress,
    DnsName: s.instance.dnsName,
    Port: s.port,
    PlayerData: ps.playerData,
  };
}

/**
 * A fleet's FleetAttributes, as CreateFleet and DescribeFleetAttributes show them. ComputeType is always EC2; a build
 * fleet reports OperatingSystem AMAZON_LINUX_2023 [C].
 */
export function fleetAttributesView(f: Fleet): FleetAttributes {
  return {
    FleetId: f.fleetId,
    FleetArn: f.fleetArn,
    FleetType: f.fleetType,
    InstanceType: f.instanceType as FleetAttributes['InstanceType'],
    Description: f.description,
    Name: f.name,
    CreationTime: new Date(f.creationTimeMs),
    Status: f.status,
    BuildId: f.buildId,
    ScriptId: f.scriptId,
    NewGameSessionProtectionPolicy: f.newGameSessionProtectionPolicy,
    OperatingSystem: f.buildId === undefined ? undefined : 'AMAZON_LINUX_2023',
    CertificateConfiguration: { CertificateType: f.tls ? 'GENERATED' : 'DISABLED' },
    ComputeType: 'EC2',
  };
}

/** A fleet location's LocationState: its name and status. */
export function locationStateView(loc: FleetLocation): LocationState {
  return { Location: loc.location, Status: loc.status };
}

/**
 * A location's EC2InstanceCounts: IDLE counts ACTIVE instances that host no game session; TERMINATING counts retired
 * instances still draining their game sessions.
 */
export function instanceCountsView(loc: FleetLocation): EC2InstanceCounts {
  let idle = 0;
  for (const instance of loc.instances) if (instance.status === 'ACTIVE' && instance.sessions.size === 0) idle++;
  return {
    DESIRED: loc.desired,
    MINIMUM: loc.min,
    MAXIMUM: loc.max,
    PENDING: loc.pendingCount,
    ACTIVE: loc.activeCount,
    IDLE: idle,
    TERMINATING: loc.instances.size - loc.pendingCount - loc.activeCount,
  };
}

/** A fleet location's FleetCapacity, as DescribeFleetCapacity and DescribeFleetLocationCapacity show it. */
export function fleetCapacityView(loc: FleetLocation): FleetCapacity {
  return {
    FleetId: loc.fleet.fleetId,
    FleetArn: loc.fleet.fleetArn,
    InstanceType: loc.fleet.instanceType as FleetCapacity['InstanceType'],
    InstanceCounts: instanceCountsView(loc),
    Location: loc.location,
  };
}

/** An alias as the alias operations show it: RoutingStrategy with FleetId when SIMPLE, Message when TERMINAL. */
export function aliasView(a: Alias): SdkAlias {
  return {
    AliasId: a.aliasId,
    Name: a.name,
    AliasArn: a.aliasArn,
    Description: a.description,
    RoutingStrategy: { Type: a.routingType, FleetId: a.fleetId, Message: a.message },
    CreationTime: new Date(a.creationTimeMs),
    LastUpdatedTime: new Date(a.lastUpdatedTimeMs),
  };
}

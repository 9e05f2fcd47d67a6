/** ARNs of GameLift resources, in the formats the service returns. */

/** A fleet's FleetArn, in its home Region: `arn:aws:gamelift:<region>:<account>:fleet/<fleet id>`. */
export function fleetArn(region: string, accountId: string, fleetId: string): string {
  return `arn:aws:gamelift:${region}:${accountId}:fleet/${fleetId}`;
}

/** An alias's AliasArn: `arn:aws:gamelift:<region>:<account>:alias/<alias id>`. */
export function aliasArn(region: string, accountId: string, aliasId: string): string {
  return `arn:aws:gamelift:${region}:${accountId}:alias/${aliasId}`;
}

/** A queue's GameSessionQueueArn, named by the queue's name: `…:gamesessionqueue/<name>`. */
export function queueArn(region: string, accountId: string, name: string): string {
  return `arn:aws:gamelift:${region}:${accountId}:gamesessionqueue/${name}`;
}

/**
 * A game session's id, which is always an ARN (DG-10): no account; the location appears only for a remote location.
 */
export function gameSessionArn(homeRegion: string, fleetId: string, location: string, id: string): string {
  const where = location === homeRegion ? '' : `${location}/`;
  return `${gameSessionArnPrefix(homeRegion, fleetId)}${where}${id}`;
}

/** How every GameSessionId of a fleet's game sessions starts, whatever their location: `…:gamesession/<fleet id>/`. */
export function gameSessionArnPrefix(homeRegion: string, fleetId: string): string {
  return `arn:aws:gamelift:${homeRegion}::gamesession/${fleetId}/`;
}

/** The resource id at the end of an ARN, or the value itself when it is a bare id. */
export function resourceIdOf(idOrArn: string): string {
  return idOrArn.startsWith('arn:') ? idOrArn.slice(idOrArn.lastIndexOf('/') + 1) : idOrArn;
}

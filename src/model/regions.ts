/**
 * The AWS Regions and local zones where a GameLift fleet can have a location. A location name outside this set that
 * is not a custom location (`custom-…`, for Anywhere fleets) is answered with UnsupportedRegionException (DG-4).
 */
export const KNOWN_REGIONS: ReadonlySet<string> = new Set([
  'af-south-1', 'ap-east-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-southeast-1',
  'ap-southeast-2', 'ap-southeast-5', 'ca-central-1', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'il-central-1', 'me-central-1', 'me-south-1', 'sa-east-1', 'us-east-1',
  'us-east-2', 'us-west-1', 'us-west-2', 'cn-north-1', 'cn-northwest-1',
  'us-west-2-lax-1', 'us-east-1-atl-1', 'us-east-1-bos-1', 'us-east-1-chi-1', 'us-east-1-dfw-1', 'us-east-1-iah-1',
  'us-east-1-mci-1', 'us-east-1-mia-1', 'us-east-1-msp-1', 'us-east-1-nyc-1', 'us-east-1-phl-1', 'us-west-2-den-1',
  'us-west-2-las-1', 'us-west-2-phx-1', 'us-west-2-pdx-1', 'us-west-2-sea-1',
]);

/** Whether `location` names a Region, a local zone or a custom location. */
export function isKnownLocation(location: string): boolean {
  return KNOWN_REGIONS.has(location) || location.startsWith('custom-');
}

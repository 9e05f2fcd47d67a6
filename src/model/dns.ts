/** The DnsName a fleet instance's game sessions show once ACTIVE (DG-10). */

/** A local zone's name is its parent Region's followed by `-<city>-<n>` (`us-west-2-lax-1`). */
const LOCAL_ZONE = /^([a-z]{2}(?:-[a-z]+)+-\d+)-[a-z]+-\d+[a-z]?$/;

/**
 * The instance's DnsName (DG-10): on a TLS fleet (CertificateConfiguration GENERATED) GameLift's own
 * `<instance id without "i-">.<location>.amazongamelift.com`; otherwise the EC2 public name of its IpAddress,
 * `ec2-18-236-1-2.us-west-2.compute.amazonaws.com`, which in us-east-1 is `ec2-3-86-200-105.compute-1.amazonaws.com`.
 * An instance in a local zone has a public name in the zone's parent Region, as EC2 gives it [C].
 */
export function instanceDnsName(tls: boolean, instanceId: string, ipAddress: string, location: string): string {
  if (tls) return `${instanceId.slice(2)}.${location}.amazongamelift.com`;
  const region = LOCAL_ZONE.exec(location)?.[1] ?? location;
  const domain = region === 'us-east-1' ? 'compute-1.amazonaws.com' : `${region}.compute.amazonaws.com`;
  return `ec2-${ipAddress.replaceAll('.', '-')}.${domain}`;
}

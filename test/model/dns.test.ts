import { describe, expect, it } from 'vitest';
import { instanceDnsName } from '../../src/model/dns.ts';

describe('DnsName', () => {
  it('DG-10: the EC2 public name of the IpAddress, as in AWS\'s examples: ec2-18-236-1-2.us-west-2.compute.amazonaws.com, ec2-3-86-200-105.compute-1.amazonaws.com in us-east-1', () => {
    expect(instanceDnsName(false, 'i-0123456789abcdef0', '18.236.1.2', 'us-west-2')).toBe('ec2-18-236-1-2.us-west-2.compute.amazonaws.com');
    expect(instanceDnsName(false, 'i-0123456789abcdef0', '3.86.200.105', 'us-east-1')).toBe('ec2-3-86-200-105.compute-1.amazonaws.com');
    expect(instanceDnsName(false, 'i-0123456789abcdef0', '3.86.200.105', 'us-east-1-bos-1')).toBe('ec2-3-86-200-105.compute-1.amazonaws.com');
    expect(instanceDnsName(false, 'i-0123456789abcdef0', '15.1.2.3', 'ap-southeast-2')).toBe('ec2-15-1-2-3.ap-southeast-2.compute.amazonaws.com');
  });

  it('DG-10: a TLS fleet\'s instance has GameLift\'s own name in its location', () => {
    expect(instanceDnsName(true, 'i-0123456789abcdef0', '18.236.1.2', 'eu-west-1')).toBe('0123456789abcdef0.eu-west-1.amazongamelift.com');
  });
});

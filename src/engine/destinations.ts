// Destinations: the named classes, literal IP[:port][/proto], CIDRs and user "name=IP:port".
import { UsageError } from '../errors.js';
import { formatIpv4, parseCidr, parseIpv4 } from '../ip.js';
import type { Destination } from './types.js';

/** What a user asks for: concrete destinations, or 'vpc' (expanded per workload to its network's subnets). */
export type DestinationSpec = { kind: 'fixed'; destination: Destination } | { kind: 'vpc' };

/** A GitHub address (140.82.112.0/20 is one of GitHub's published ranges, https://api.github.com/meta). */
export const INTERNET: Destination = { name: 'internet', kind: 'internet', ip: '140.82.112.3', port: 443, protocol: 'tcp', note: 'github.com' };

/**
 * A public Google API address: the first host of 142.250.0.0/15, one of the ranges googleapis.com names
 * resolve to with default DNS. It stands for "storage.googleapis.com and friends as most code reaches them".
 */
export const GOOGLE_APIS: Destination = {
  name: 'google-apis',
  kind: 'google-apis',
  ip: '142.250.0.1',
  port: 443,
  protocol: 'tcp',
  note: 'a public googleapis.com address',
};

/** private.googleapis.com: reachable only from inside a VPC with Private Google Access (https://cloud.google.com/vpc/docs/configure-private-google-access). */
export const GOOGLE_APIS_PRIVATE: Destination = {
  name: 'google-apis-private',
  kind: 'google-apis-private',
  ip: '199.36.153.8',
  port: 443,
  protocol: 'tcp',
  note: 'private.googleapis.com',
};

export function defaultDestinations(): DestinationSpec[] {
  return [
    { kind: 'fixed', destination: INTERNET },
    { kind: 'fixed', destination: GOOGLE_APIS },
    { kind: 'fixed', destination: GOOGLE_APIS_PRIVATE },
    { kind: 'vpc' },
  ];
}

/**
 * Parses a --to value: `internet`, `google-apis` (the public address and private.googleapis.com), `vpc`,
 * `IP[:port][/tcp|udp|icmp]`, a CIDR (its first address stands for it), each optionally as `name=...`.
 * A bare address means tcp:443.
 */
export function parseDestination(text: string): DestinationSpec[] {
  const eq = text.indexOf('=');
  const name = eq > 0 ? text.slice(0, eq) : undefined;
  const value = eq > 0 ? text.slice(eq + 1) : text;
  if (value === 'internet') return [{ kind: 'fixed', destination: { ...INTERNET, name: name ?? INTERNET.name } }];
  if (value === 'google-apis') return [{ kind: 'fixed', destination: GOOGLE_APIS }, { kind: 'fixed', destination: GOOGLE_APIS_PRIVATE }];
  if (value === 'vpc') return [{ kind: 'vpc' }];
  const m = /^([0-9.]+)(\/\d{1,2})?(?::(\d{1,5}))?(?:\/(tcp|udp|icmp))?$/.exec(value);
  const fail = (): never => {
    throw new UsageError(
      `invalid destination "${text}": expected internet, google-apis, vpc, IP[:port][/tcp|udp|icmp] or a CIDR, optionally as name=IP:port`,
    );
  };
  if (!m) return fail();
  const [, addr, prefix, portText, proto] = m;
  let ip = parseIpv4(addr!);
  let note: string | undefined;
  let range: string | undefined;
  if (ip === undefined) return fail();
  if (prefix) {
    const cidr = parseCidr(addr! + prefix) ?? fail();
    ip = cidr.start;
    note = `first address of ${cidr.text}`;
    range = cidr.text;
  }
  const protocol = (proto ?? 'tcp') as Destination['protocol'];
  const port = protocol === 'icmp' ? undefined : portText === undefined ? 443 : Number(portText);
  if (port !== undefined && (port < 1 || port > 65535)) return fail();
  if (protocol === 'icmp' && portText !== undefined) return fail();
  const literal = `${formatIpv4(ip)}${port === undefined ? '' : `:${port}`}/${protocol}`;
  return [{ kind: 'fixed', destination: { name: name ?? (prefix ? addr! + prefix : literal), kind: 'user', ip: formatIpv4(ip), port, protocol, note, ...(range ? { range } : {}) } }];
}

export function formatDestination(d: Destination): string {
  return `${d.ip}${d.port === undefined ? '' : `:${d.port}`}/${d.protocol}`;
}

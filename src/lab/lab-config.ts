// The lab section of a netbench config: an emulated two-host lab on this machine (default) or two
// existing Docker hosts. Validated with zod; every field is documented in docs/config.md.
import { z } from 'zod';
import { parsesWith } from '../base/refine.js';
import { contains, ipToInt, parseCidr } from '../machine/ipv4.js';
import { LINK_RATE } from '../model/link-rate.js';

const cidr = z.string().refine(parsesWith(parseCidr), 'must be an IPv4 network such as 10.77.0.0/16');
const ipv4 = z.string().refine(parsesWith(ipToInt), 'must be an IPv4 address such as 10.77.0.1 (four numbers 0-255)');

export const EmulatedLabSchema = z
  .object({
    mode: z.literal('emulated'),
    /** Short name; prefixes the namespace, links and labels, so two labs never collide. */
    name: z
      .string()
      .regex(/^[a-z][a-z0-9]{0,5}$/, 'must be 1-6 lowercase letters or digits, starting with a letter')
      .default('nb'),
    /** A /16 that holds every address of the lab; it is blackholed while the lab exists. */
    labCidr: cidr.refine((s) => parseCidr(s).prefix === 16, 'must be a /16').default('10.77.0.0/16'),
    /** Where state, host B's engine data and the image build cache live. */
    stateDir: z.string().startsWith('/').default('/var/lib/netbench'),
    /** Where host B's sockets and exec root live (tmpfs). */
    runDir: z.string().startsWith('/').default('/run/netbench'),
    /** The A-B link's rate in each direction (tc tbf on both veth ends), e.g. 1gbit; absent: unshaped. */
    linkRate: z.string().regex(LINK_RATE, 'must be a rate as tc writes it, such as 1gbit or 500mbit').optional(),
  })
  .strict();

const RemoteHostSchema = z
  .object({
    /** unix:///path, ssh://user@host[:port] or tcp://host:port */
    endpoint: z.string(),
    /** The address the other host reaches this one at (published ports of the bridge driver). */
    address: ipv4,
    /** The interface macvlan networks are created on (the link between the two hosts). */
    macvlanParent: z.string().min(1),
    /** The part of macvlan.subnet this host hands to its containers; disjoint from the other host's. */
    macvlanRange: cidr,
  })
  .strict();

export const RemoteLabSchema = z
  .object({
    mode: z.literal('remote'),
    name: z
      .string()
      .regex(/^[a-z][a-z0-9]{0,5}$/)
      .default('nb'),
    hosts: z.object({ a: RemoteHostSchema, b: RemoteHostSchema }).strict(),
    macvlan: z.object({ subnet: cidr, gateway: ipv4 }).strict(),
    /** Subnet of the attachable overlay network (Docker Swarm across the two hosts). */
    overlaySubnet: cidr,
    /**
     * The address pool of the swarm's own networks (ingress), when the toolkit creates the swarm.
     * Docker's default is 10.0.0.0/8: set this when that range is in use on your network.
     */
    swarmAddrPool: cidr.optional(),
    stateDir: z.string().startsWith('/').default('/var/lib/netbench'),
  })
  .strict()
  .superRefine((v, ctx) => {
    for (const h of ['a', 'b'] as const) {
      if (!contains(v.macvlan.subnet, v.hosts[h].macvlanRange)) {
        ctx.addIssue({
          code: 'custom',
          path: ['hosts', h, 'macvlanRange'],
          message: `must lie inside macvlan.subnet ${v.macvlan.subnet}`,
        });
      }
    }
  });

export const LabConfigSchema = z.discriminatedUnion('mode', [EmulatedLabSchema, RemoteLabSchema]);
export type EmulatedLabConfig = z.infer<typeof EmulatedLabSchema>;
export type RemoteLabConfig = z.infer<typeof RemoteLabSchema>;
export type LabConfig = z.infer<typeof LabConfigSchema>;

export function defaultLabConfig(): EmulatedLabConfig {
  return EmulatedLabSchema.parse({ mode: 'emulated' });
}

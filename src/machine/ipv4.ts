// Small IPv4 arithmetic for the lab's address plan (pure).

export function ipToInt(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4) throw new Error(`not an IPv4 address: ${ip}`);
  return parts.reduce((acc, p) => {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) throw new Error(`not an IPv4 address: ${ip}`);
    return acc * 256 + Number(p);
  }, 0);
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export interface Cidr {
  base: number;
  prefix: number;
}

export function parseCidr(cidr: string): Cidr {
  const m = /^([\d.]+)\/(\d{1,2})$/.exec(cidr);
  if (!m || Number(m[2]) > 32) throw new Error(`not an IPv4 CIDR: ${cidr}`);
  const prefix = Number(m[2]);
  const size = 2 ** (32 - prefix);
  const ip = ipToInt(m[1]!);
  if (ip % size !== 0) throw new Error(`${cidr} has host bits set (network is ${intToIp(ip - (ip % size))}/${prefix})`);
  return { base: ip, prefix };
}

export const cidrSize = (c: Cidr): number => 2 ** (32 - c.prefix);
export const formatCidr = (c: Cidr): string => `${intToIp(c.base)}/${c.prefix}`;

/** The `index`-th subnet of length `prefix` inside `outer`. */
export function subnet(outer: string, prefix: number, index: number): string {
  const o = parseCidr(outer);
  if (prefix < o.prefix) throw new Error(`/${prefix} does not fit in ${outer}`);
  const c = { base: o.base + index * 2 ** (32 - prefix), prefix };
  if (c.base + cidrSize(c) > o.base + cidrSize(o)) throw new Error(`subnet ${index} of /${prefix} is outside ${outer}`);
  return formatCidr(c);
}

/** The `n`-th address of a CIDR (n = 1 is the first host). */
export const hostAddress = (cidr: string, n: number): string => intToIp(parseCidr(cidr).base + n);

export function contains(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = inner.includes('/') ? parseCidr(inner) : { base: ipToInt(inner), prefix: 32 };
  return i.prefix >= o.prefix && i.base >= o.base && i.base + cidrSize(i) <= o.base + cidrSize(o);
}

export function overlaps(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  return x.base < y.base + cidrSize(y) && y.base < x.base + cidrSize(x);
}

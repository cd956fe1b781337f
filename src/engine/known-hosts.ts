// Host key checking for ssh:// Docker endpoints, as OpenSSH does it with known_hosts: a host is
// trusted only when known_hosts lists the key it presents. Pure but for the HMAC of hashed names.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type HostKeyVerdict =
  | { verdict: 'known' }
  /** known_hosts lists no key of this type for the host (it may list keys of other types). */
  | { verdict: 'unknown'; otherTypes: string[] }
  /** known_hosts lists a different key of the same type: the host was reinstalled, or someone is in the middle. */
  | { verdict: 'changed' }
  /** The key is marked @revoked. */
  | { verdict: 'revoked' };

interface Entry {
  marker?: string;
  patterns: string;
  type: string;
  key: Buffer;
}

/** The name known_hosts stores for a host: `host`, or `[host]:port` off port 22. */
export const knownHostsName = (host: string, port: number): string => (port === 22 ? host : `[${host}]:${port}`);

/** The type name inside an SSH public key blob (its first string), e.g. `ssh-ed25519`. */
export function keyType(blob: Buffer): string {
  if (blob.length < 4) return '';
  const n = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + n).toString('latin1');
}

/** The name ssh-keyscan -t takes for a key type, e.g. `ecdsa` for ecdsa-sha2-nistp256. */
export function keyscanType(type: string): string {
  if (type.startsWith('sk-ecdsa')) return 'ecdsa-sk';
  if (type.startsWith('sk-ssh-ed25519')) return 'ed25519-sk';
  if (type.startsWith('ecdsa-')) return 'ecdsa';
  return type.replace(/^ssh-/, '');
}

function entries(text: string): Entry[] {
  const out: Entry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const f = line.split(/\s+/);
    const marker = f[0]!.startsWith('@') ? f.shift() : undefined;
    const [patterns, type, b64] = f;
    if (!patterns || !type || !b64) continue;
    out.push({ ...(marker ? { marker } : {}), patterns, type, key: Buffer.from(b64, 'base64') });
  }
  return out;
}

/** Does one known_hosts pattern (plain, wildcard, or `|1|salt|hash`) name this host? */
function patternMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    if (!salt || !hash) return false;
    const mac = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest();
    const want = Buffer.from(hash, 'base64');
    return want.length === mac.length && timingSafeEqual(mac, want);
  }
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return re.test(name);
}

/** A comma-separated pattern list names the host when a pattern matches and no negated one (`!p`) does. */
function namesHost(patterns: string, name: string): boolean {
  let hit = false;
  for (const p of patterns.split(',')) {
    if (p.startsWith('!')) {
      if (patternMatches(p.slice(1), name)) return false;
    } else if (patternMatches(p, name)) hit = true;
  }
  return hit;
}

/** What known_hosts (its text) says of the key `blob` presented by host:port. */
export function hostKeyVerdict(text: string, host: string, port: number, blob: Buffer): HostKeyVerdict {
  const name = knownHostsName(host, port);
  const mine = entries(text).filter((e) => e.marker !== '@cert-authority' && namesHost(e.patterns, name));
  if (mine.some((e) => e.marker === '@revoked' && e.key.equals(blob))) return { verdict: 'revoked' };
  const listed = mine.filter((e) => e.marker === undefined);
  if (listed.some((e) => e.key.equals(blob))) return { verdict: 'known' };
  const type = keyType(blob);
  if (listed.some((e) => e.type === type)) return { verdict: 'changed' };
  return { verdict: 'unknown', otherTypes: [...new Set(listed.map((e) => e.type))] };
}

/** The user-facing problem for a host key that is not known (undefined when it is). */
export function hostKeyProblem(v: HostKeyVerdict, host: string, port: number, files: string[], blob: Buffer): string | undefined {
  const name = knownHostsName(host, port);
  const where = files.join(' or ');
  switch (v.verdict) {
    case 'known':
      return undefined;
    case 'revoked':
      return `the ${keyType(blob)} host key of ${name} is marked @revoked in ${where}`;
    case 'changed':
      return `the ${keyType(blob)} host key of ${name} does not match the one in ${where}: the host was reinstalled, or someone is in the middle`;
    case 'unknown':
      return (
        `${name} is not a known host: ${where} has no ${keyType(blob)} key for it` +
        (v.otherTypes.length ? ` (it lists ${v.otherTypes.join(', ')})` : '')
      );
  }
}

// What this machine's kernel needs for crun and runsc (see docs/lab.md, "Runtime fixes"): the runsc
// netns wrapper and the cgroup facts crun and containerd need. Pure; host-fixes.ts applies them.

/**
 * Debian's runsc (0.0~20221219) refuses sandbox networking when /proc/sys/net/core/rmem_default
 * exists in the container's netns: it takes that file as the sign of the root netns, but kernels
 * since about 6.11 expose it in every netns (gVisor issue #10704). For `runsc start` only, the
 * wrapper hides /proc/sys/net behind an empty tmpfs in a private mount namespace.
 *
 * That check also protects the host: gVisor's sandbox network moves the addresses of the netns it
 * starts in into its own stack, so in the host's namespace it strips the host's addresses (seen
 * here: eth0 lost its addresses). The wrapper therefore refuses, at `create`, any container whose
 * OCI spec has no network namespace of its own (Docker's host driver); that driver is served by
 * the `runsc-host` variant below (gVisor's own host networking, which touches no interface).
 */
export const RUNSC_WRAPPER = `#!/bin/sh
# Written by netbench (src/machine/runtime-fixes.ts). See docs/lab.md, section "Runtime fixes".
bundle=
prev=
for a in "$@"; do
  case "$prev" in --bundle|-b) bundle=$a ;; esac
  case "$a" in --bundle=*) bundle=\${a#--bundle=} ;; esac
  prev=$a
done
for a in "$@"; do
  if [ "$a" = create ] && [ -n "$bundle" ] && ! grep -q '"type": *"network"' "$bundle/config.json"; then
    echo "runsc-netns-wrapper: refusing a container without its own network namespace: gVisor's sandbox network would take over the host's addresses. Use the runsc-host runtime (runsc --network=host) for Docker's host driver." >&2
    exit 1
  fi
  if [ "$a" = start ]; then
    exec unshare -m --propagation private /bin/sh -c 'mount -t tmpfs tmpfs /proc/sys/net && exec RUNSC "$@"' runsc "$@"
  fi
done
exec RUNSC "$@"
`;

export const runscWrapper = (runscPath: string): string => RUNSC_WRAPPER.replaceAll('RUNSC', runscPath);

/**
 * crun 1.8 refuses cgroup "hybrid mode" while the v2 hierarchy holds any controller. On a v1 host
 * whose cgroup2 mount still owns a controller (hugetlb here) that v1 does not mount, mounting that
 * controller in v1 moves it off v2. Returns the controllers to mount in v1.
 */
export function controllersToMoveToV1(unifiedControllers: string, v1Mounted: ReadonlySet<string>): string[] {
  return unifiedControllers
    .split(/\s+/)
    .filter(Boolean)
    .filter((c) => !v1Mounted.has(c));
}

/**
 * Controllers bound to a cgroup v1 hierarchy (a non-zero hierarchy ID in /proc/cgroups) that no
 * mount shows. The kernel keeps a v1 hierarchy alive after its umount while it still holds removed
 * (dying) cgroups; every process then lists it in /proc/<pid>/cgroup, and containerd, finding no
 * mount point for it, returns empty stats for every container. Mounting the controller again
 * reattaches the same hierarchy.
 */
export function unmountedV1Controllers(procCgroups: string, v1Mounted: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const line of procCgroups.split('\n')) {
    if (line.startsWith('#')) continue;
    const [name, hierarchy, , enabled] = line.split(/\s+/);
    if (!name || enabled !== '1' || !hierarchy || hierarchy === '0') continue;
    if (!v1Mounted.has(name)) out.push(name);
  }
  return out;
}

/** Controllers mounted as cgroup v1 hierarchies, from /proc/mounts. */
export function v1ControllersFromMounts(procMounts: string): Set<string> {
  const out = new Set<string>();
  for (const line of procMounts.split('\n')) {
    const [, , type, opts] = line.split(' ');
    if (type !== 'cgroup' || !opts) continue;
    for (const o of opts.split(',')) out.add(o);
  }
  return out;
}

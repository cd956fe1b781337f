// Runtime variants: one runtime in another configuration people run, under a name of its own. A
// variant is a binary (the host's own, a Debian package of another suite that `lab up` fetches,
// or a containerd shim) and the arguments the engine passes it. Every row's runtime is the
// variant's name; the base runtime gives what a variant cannot do (drivers) and how it is shown.
// Pure data.

/** Where a variant's binary comes from. */
export type VariantSource =
  /** the runtime the host has installed (e.g. bookworm's runsc) */
  | { kind: 'host' }
  /** a binary from a Debian package of a suite (fetched, verified by apt, unpacked by `lab up`) */
  | { kind: 'debian'; package: string; suite: string; binary: string }
  /** a containerd shim v2 on the host's PATH, registered by its runtime type */
  | { kind: 'shim'; shim: string; runtimeType: string };

export interface RuntimeVariant {
  name: string;
  /** the runtime it is a variant of: runc, crun, runsc or kata */
  base: string;
  source: VariantSource;
  /** the runtime's own arguments (daemon.json runtimeArgs) */
  args: string[];
  /** devices it cannot run without (checked before it is registered: gVisor's KVM platform hangs at create without /dev/kvm) */
  requires?: string[];
  description: string;
}

const TRIXIE_RUNSC: VariantSource = { kind: 'debian', package: 'runsc', suite: 'trixie', binary: 'usr/bin/runsc' };

export const BUILTIN_VARIANTS: readonly RuntimeVariant[] = [
  {
    name: 'runsc-hostinet',
    base: 'runsc',
    source: { kind: 'host' },
    args: ['--network=host'],
    description: "the host's runsc with gVisor's hostinet (the host kernel's network stack) on every driver",
  },
  {
    name: 'runsc-2024',
    base: 'runsc',
    source: TRIXIE_RUNSC,
    args: [],
    description: "Debian trixie's runsc (0.0~20240729) on its default platform, systrap",
  },
  {
    name: 'runsc-2024-ptrace',
    base: 'runsc',
    source: TRIXIE_RUNSC,
    args: ['--platform=ptrace'],
    description: "Debian trixie's runsc on the ptrace platform (the platform of bookworm's runsc)",
  },
  {
    name: 'runsc-2024-hostinet',
    base: 'runsc',
    source: TRIXIE_RUNSC,
    args: ['--network=host'],
    description: "Debian trixie's runsc, systrap, with gVisor's hostinet on every driver",
  },
  {
    name: 'runsc-2024-kvm',
    base: 'runsc',
    source: TRIXIE_RUNSC,
    args: ['--platform=kvm'],
    requires: ['/dev/kvm'],
    description: "Debian trixie's runsc on the KVM platform (needs /dev/kvm)",
  },
  ...(['qemu', 'clh', 'fc'] as const).map((h): RuntimeVariant => ({
    name: `kata-${h}`,
    base: 'kata',
    source: { kind: 'shim', shim: `containerd-shim-kata-${h}-v2`, runtimeType: `io.containerd.kata-${h}.v2` },
    args: [],
    requires: ['/dev/kvm'],
    description: `Kata Containers with ${{ qemu: 'QEMU', clh: 'Cloud Hypervisor', fc: 'Firecracker' }[h]} (kata-deploy's shim)`,
  })),
];

/** A variant's name: lower case, digits and dashes, starting with its base runtime's name. */
export const VARIANT_NAME = /^(runc|crun|runsc|kata)-[a-z0-9][a-z0-9-]{0,39}$/;

export const variantOf = (name: string, extra: readonly RuntimeVariant[] = []): RuntimeVariant | undefined =>
  [...extra, ...BUILTIN_VARIANTS].find((v) => v.name === name.trim().toLowerCase());

// The parts of the Docker engine's API replies the toolkit reads, checked (zod) where dockerode
// types them as `any`: a reply that lacks a field becomes an error naming the call and the field,
// not an `undefined` further on.
import type Docker from 'dockerode';
import { z } from 'zod';
import { NetbenchError } from '../base/errors.js';

export const SwarmInfoSchema = z.object({
  LocalNodeState: z.string().optional(),
  NodeID: z.string().optional(),
  NodeAddr: z.string().optional(),
  ControlAvailable: z.boolean().optional(),
  RemoteManagers: z.array(z.object({ Addr: z.string() })).nullish(),
});
export type SwarmInfo = z.infer<typeof SwarmInfoSchema>;

/** `GET /info`: what hostFacts and the swarm set-up read. */
export const EngineInfoSchema = z.object({
  ServerVersion: z.string(),
  KernelVersion: z.string(),
  OperatingSystem: z.string(),
  NCPU: z.number(),
  MemTotal: z.number(),
  CgroupVersion: z.string().optional(),
  Driver: z.string(),
  Runtimes: z.record(z.string(), z.unknown()).nullish(),
  DefaultRuntime: z.string(),
  Swarm: SwarmInfoSchema.optional(),
});
export type EngineInfo = z.infer<typeof EngineInfoSchema>;

/** `POST /containers/{id}/wait`. */
export const WaitSchema = z.object({ StatusCode: z.number() });
/** `GET /nodes`. */
export const NodesSchema = z.array(z.object({ ID: z.string() }));
/** `GET /swarm`. */
export const SwarmInspectSchema = z.object({ JoinTokens: z.object({ Worker: z.string() }) });

/** A reply checked against its schema; a mismatch is an error naming the call. */
export async function checked<T>(schema: z.ZodType<T>, what: string, reply: Promise<unknown>): Promise<T> {
  const r = schema.safeParse(await reply);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new NetbenchError(
    'tool-failed',
    `the Docker engine's reply to ${what} is not as expected: ${issue ? `${issue.path.join('.') || '(top)'}: ${issue.message}` : r.error.message}`,
    'The toolkit needs Docker Engine API 1.41 or newer (Docker 20.10); check the engine with `netbench doctor`.',
  );
}

/** The engine's `GET /info`, checked. */
export const engineInfo = (d: Docker): Promise<EngineInfo> => checked(EngineInfoSchema, 'GET /info', d.info());

// gVisor's own published network numbers (its Performance Guide's data files), kept with the
// manuscript's literature as published: the manuscript sets our gVisor ratios beside them. Read
// and checked in one place.
import { join } from 'node:path';
import { z } from 'zod';
import { readLiteratureJson } from '../analysis/literature.js';
import { fmt, type Facts } from './generate.js';

/** Where the guide's numbers live under a manuscript directory. */
export const GVISOR_GUIDE_FILE = join('literature', 'gvisor-guide.json');

const byRuntime = z.object({ runc: z.number().positive(), runsc: z.number().positive() });
export const GvisorGuideSchema = z.object({
  source: z.string(),
  setup: z.string(),
  /** iperf between two instances: download = gVisor runs the server, upload = gVisor runs the client; the other end is native */
  iperf_bandwidth: z.object({ download: byRuntime, upload: byRuntime }),
  node_requests_per_second: byRuntime,
});
export type GvisorGuide = z.infer<typeof GvisorGuideSchema>;

/** The guide's numbers of the manuscript in `paperDir`, checked; a missing or damaged file is a NetbenchError saying how to restore it. */
export const readGvisorGuide = (paperDir: string): Promise<GvisorGuide> =>
  readLiteratureJson(
    paperDir,
    {
      file: GVISOR_GUIDE_FILE,
      neededFor: "the gVisor variants are compared with gVisor's published numbers",
      holds: "gVisor's published numbers",
    },
    GvisorGuideSchema,
  );

/** One of the guide's results as gVisor's share of runc's (runsc / runc). */
export const guideRatio = (x: { runc: number; runsc: number }): number => x.runsc / x.runc;

/** gVisor / runc in the guide: iperf download and upload, node's requests per second. */
export function guideFacts(g: GvisorGuide): Facts {
  const ratio = (x: { runc: number; runsc: number }) => fmt(guideRatio(x), 2);
  return {
    guideDownload: ratio(g.iperf_bandwidth.download),
    guideUpload: ratio(g.iperf_bandwidth.upload),
    guideNode: ratio(g.node_requests_per_second),
  };
}

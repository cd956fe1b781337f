// One row of measurements.csv for unit tests: an ok runc bandwidth value on bridge,bridge, with
// the fields a test cares about given.
import type { MeasurementRecord } from '../src/dataset/measurements.js';

export const measurementRow = (over: Partial<MeasurementRecord>): MeasurementRecord => ({
  campaign_id: 'c',
  experiment: 'bandwidth',
  probe: 'iperf3',
  runtime: 'runc',
  client_driver: 'bridge',
  server_driver: 'bridge',
  load: 'idle',
  rep: 1,
  warmup: false,
  metric: 'bandwidth',
  value: 1e10,
  unit: 'bit/s',
  status: 'ok',
  attempts: 1,
  started_at: '',
  duration_s: null,
  reason: '',
  warnings: '',
  client_host: 'A',
  server_host: 'B',
  artifact: '',
  ...over,
});

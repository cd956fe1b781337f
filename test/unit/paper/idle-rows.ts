// Rows of the analysis table (as loadCampaign gives them) for the paper's unit tests: one idle,
// ok value per repetition of a runtime, pair and metric.
export const idleRows = (runtime: string, pair: string, metric: string, values: number[], warnings: string[] = []) =>
  values.map((value, i) => ({
    runtime,
    pair,
    metric,
    value,
    rep: i + 1,
    warnings: warnings[i] ?? '',
    experiment: metric === 'bandwidth' ? 'bandwidth' : 'latency',
    unit: metric === 'bandwidth' ? 'bit/s' : 'us',
    load: 'idle',
    status: 'ok',
    reason: '',
    started_at: '',
  }));

import { describe, expect, it } from 'vitest';
import { countFailure, countPages, enableMetrics, observeJob } from '../../../workers/metrics.js';

describe('metrics', () => {
  it('are kept from the moment a process turns them on, and not before', async () => {
    countPages('ocr', 7);
    observeJob('ocr', 2);
    countFailure('ocr', 'TIMEOUT');
    const { registry } = await enableMetrics();
    expect(await enableMetrics()).toBe(await enableMetrics()); // once per process
    countPages('ocr', 3);
    observeJob('ocr', 0.4);
    const text = await registry.metrics();
    expect(text).toMatch(/^nianbao_pages_total\{method="ocr"\} 3$/m);
    expect(text).toMatch(/^nianbao_job_duration_seconds_count\{stage="ocr"\} 1$/m);
    expect(text).not.toContain('code="TIMEOUT"');
    expect(text).toContain('process_cpu_seconds_total');
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_REMEMBERED_STATUSES, UnknownStatusLog } from '../../src/providers/unknown-statuses.ts';
import { capturingLogger } from '../support/log-capture.ts';

describe('UnknownStatusLog', () => {
  it('warns once per unknown value, never for a known one, and stops remembering at the cap', () => {
    const capture = capturingLogger('warn');
    const statuses = new UnknownStatusLog(capture.log, 'FLEETIO', (status) => status === 'complete');
    for (let round = 0; round < 3; round++) {
      statuses.notice('complete');
      statuses.notice('archived');
    }
    expect(capture.entries().map((entry) => entry.providerStatus)).toEqual(['archived']);

    for (let index = 0; index < 2 * MAX_REMEMBERED_STATUSES; index++) statuses.notice(`status-${index}`);
    const lines = capture.entries();
    // The cap's own line, then silence: bounded memory and a bounded log.
    expect(lines).toHaveLength(MAX_REMEMBERED_STATUSES + 1);
    expect(lines.at(-1)!.msg).toMatch(/too many distinct unknown import statuses/);
    statuses.notice('archived');
    statuses.notice('another');
    expect(capture.entries()).toHaveLength(MAX_REMEMBERED_STATUSES + 1);
    expect(lines.every((entry) => entry.provider === 'FLEETIO' && entry.level === 40)).toBe(true);
  });
});

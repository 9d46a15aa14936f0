import { describe, expect, it } from 'vitest';
import { pageOfLogs } from '../../../src/providers/commercelayer/message-log.ts';

const errorsLog = {
  ABC: { name: ['has already been taken'], price: ['is invalid'] },
  DEF: { code: ['is blank'] },
};
const warningsLog = { XYZ: ['could not be deleted'], UVW: ['was skipped'] };

describe('Commerce Layer logs: severities and totalCount', () => {
  it('gives each error its input key as recordId and its attribute as field', () => {
    const page = pageOfLogs(errorsLog, warningsLog, { first: 100 });
    expect(page.totalCount).toBe(5);
    expect(page.items[1]!.node).toEqual({
      severity: 'ERROR',
      code: 'price',
      text: 'price is invalid',
      subject: 'ABC',
      recordId: 'ABC',
      field: 'price',
    });
    expect(page.items[3]!.node).toMatchObject({ severity: 'WARNING', recordId: 'XYZ', field: null });
  });

  it('keeps only the wanted severity, pages within it, and counts it alone', () => {
    const first = pageOfLogs(errorsLog, warningsLog, { first: 1, severities: ['WARNING'] });
    expect(first).toMatchObject({ totalCount: 2, hasNextPage: true });
    expect(first.items.map((item) => item.node.subject)).toEqual(['XYZ']);
    const next = pageOfLogs(errorsLog, warningsLog, {
      first: 5,
      after: first.items[0]!.position,
      severities: ['WARNING'],
    });
    expect(next.items.map((item) => item.node.subject)).toEqual(['UVW']);
    expect(next.hasNextPage).toBe(false);
    const errors = pageOfLogs(errorsLog, warningsLog, { first: 100, severities: ['ERROR'] });
    expect(errors.items.map((item) => item.node.severity)).toEqual(['ERROR', 'ERROR', 'ERROR']);
    expect(pageOfLogs(errorsLog, warningsLog, { first: 100, severities: ['INFO'] })).toMatchObject({
      items: [],
      totalCount: 0,
    });
  });
});

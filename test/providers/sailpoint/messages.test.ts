import { describe, expect, it } from 'vitest';
import { pageOfMessages } from '../../../src/imports/detail.ts';
import { messagesOf } from '../../../src/providers/sailpoint/operations.ts';

const note = (key: string) => ({ key, text: `${key} text` });
const results = {
  results: {
    SOURCE: { infos: [note('I2')], warnings: [note('W1')], errors: [note('E3')], importedObjects: [] },
    RULE: { infos: [note('I1')], warnings: [], errors: [note('E1'), note('E2')], importedObjects: [] },
  },
};

describe('SailPoint results download as messages', () => {
  it('names the object type of each message as its recordType; no row, field or id', () => {
    const messages = messagesOf(results);
    expect(messages.map((message) => [message.code, message.recordType])).toEqual([
      ['E1', 'RULE'],
      ['E2', 'RULE'],
      ['I1', 'RULE'],
      ['E3', 'SOURCE'],
      ['W1', 'SOURCE'],
      ['I2', 'SOURCE'],
    ]);
    for (const message of messages) {
      expect(message.rowNumber ?? null).toBeNull();
      expect(message.recordId ?? null).toBeNull();
    }
  });

  it('filters by severity, pages within the filter, and counts the filtered whole', () => {
    const messages = messagesOf(results);
    const first = pageOfMessages(messages, { first: 2, severities: ['ERROR', 'INFO'] });
    expect(first.totalCount).toBe(5);
    expect(first.items.map((item) => item.node.code)).toEqual(['E1', 'E2']);
    const next = pageOfMessages(messages, {
      first: 10,
      after: first.items[1]!.position,
      severities: ['ERROR', 'INFO'],
    });
    expect(next.items.map((item) => item.node.code)).toEqual(['I1', 'E3', 'I2']);
    expect(next.hasNextPage).toBe(false);
    expect(pageOfMessages(messages, { first: 10 }).totalCount).toBe(6);
  });
});

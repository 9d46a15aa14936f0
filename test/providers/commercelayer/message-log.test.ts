import { describe, expect, it } from 'vitest';
import { InvalidPositionError, type ImportMessage } from '../../../src/imports/detail.ts';
import { messagesOf, pageOfLogs } from '../../../src/providers/commercelayer/message-log.ts';
import { SeededRandom } from '../../../src/simulators/core/random.ts';

type ErrorsLog = Record<string, Record<string, string[]>>;
type WarningsLog = Record<string, string[]>;

const sorted = (messages: ImportMessage[]) => messages.map((message) => JSON.stringify(message)).sort();

describe('Commerce Layer log positions', () => {
  it('shows what was added to lists already read, and new errors after warnings, exactly once', () => {
    const errors: ErrorsLog = { A: { code: ["can't be blank"] } };
    const warnings: WarningsLog = { W: ['could not be updated'] };
    const first = pageOfLogs(errors, warnings, { first: 5 });
    expect(first.items.map((item) => item.node.text)).toEqual([
      "code can't be blank",
      'could not be updated',
    ]);
    expect(first.hasNextPage).toBe(false);
    // The log grows everywhere: in the list of A, with a new attribute of A, a new key, a new warning.
    errors.A!.code!.push("can't be blank");
    errors.A!.name = ['is invalid'];
    errors.B = { code: ['has already been taken'] };
    warnings.X = ['could not be deleted'];
    const next = pageOfLogs(errors, warnings, { first: 10, after: first.items.at(-1)!.position });
    expect(next.items.map((item) => `${item.node.severity} ${item.node.subject} ${item.node.text}`)).toEqual([
      "ERROR A code can't be blank",
      'ERROR A name is invalid',
      'ERROR B code has already been taken',
      'WARNING X could not be deleted',
    ]);
    expect(pageOfLogs(errors, warnings, { first: 10, after: next.items.at(-1)!.position }).items).toEqual([]);
  });

  it('delivers every message once to a reader paging while the logs grow at random', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const random = new SeededRandom(seed, 'cl-log');
      const errors: ErrorsLog = {};
      const warnings: WarningsLog = {};
      const grow = () => {
        const key = random.chance(0.3) ? 'unknown' : `K${random.int(0, 40)}`;
        if (random.chance(0.6)) {
          const attribute = random.pick(['code', 'name', 'price']);
          ((errors[key] ??= {})[attribute] ??= []).push(`message ${random.int(0, 9)}`);
        } else (warnings[key] ??= []).push(`warning ${random.int(0, 9)}`);
      };
      const read: ImportMessage[] = [];
      let after: string | undefined;
      for (let step = 0; step < 200; step++) {
        for (let added = random.int(0, 3); added > 0; added--) grow();
        const page = pageOfLogs(errors, warnings, { first: random.int(1, 4), after });
        read.push(...page.items.map((item) => item.node));
        after = page.items.at(-1)?.position ?? after;
      }
      for (;;) {
        const page = pageOfLogs(errors, warnings, { first: 7, after });
        read.push(...page.items.map((item) => item.node));
        after = page.items.at(-1)?.position ?? after;
        if (!page.hasNextPage) break;
      }
      expect(sorted(read), `seed ${seed}`).toEqual(sorted(messagesOf(errors, warnings)));
    }
  });

  it('keeps positions short over thousands of keys, and refuses ones it did not write', () => {
    const errors = Object.fromEntries(
      Array.from({ length: 3_000 }, (_, index) => [`K${index}`, { code: ['is invalid'] }]),
    );
    const page = pageOfLogs(
      errors,
      {},
      { first: 100, after: pageOfLogs(errors, {}, { first: 2_900 }).items.at(-1)!.position },
    );
    expect(page.items).toHaveLength(100);
    expect(page.items.at(-1)!.position).toBe('1*3000;');
    for (const after of ['12', '1*0;', 'a;b', '1*2000000;', ';;', '1.x;']) {
      expect(() => pageOfLogs(errors, {}, { first: 1, after }), after).toThrow(InvalidPositionError);
    }
  });
});

import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StatementCache } from '../../src/store/statement-cache.ts';

const databases: Database.Database[] = [];
afterEach(() => {
  for (const db of databases.splice(0)) db.close();
});

function database(): Database.Database {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (n INTEGER)');
  db.exec('INSERT INTO t VALUES (1), (2), (3)');
  databases.push(db);
  return db;
}

const above = (bound: number) => `SELECT n FROM t WHERE n > ${bound} ORDER BY n`;

describe('StatementCache', () => {
  it('prepares a text once and answers each statement with its own rows', () => {
    const statements = new StatementCache(database());
    const first = statements.get(above(1));
    expect(statements.get(above(1))).toBe(first);
    expect(statements.get(above(2))).not.toBe(first);
    expect(first.all()).toEqual([{ n: 2 }, { n: 3 }]);
    expect(statements.get(above(2)).all()).toEqual([{ n: 3 }]);
    expect(statements.size).toBe(2);
  });

  it('keeps at most its limit of texts, dropping the one used least recently', () => {
    const statements = new StatementCache(database(), 2);
    const zero = statements.get(above(0));
    const one = statements.get(above(1));
    // Using `zero` again makes `one` the least recently used.
    expect(statements.get(above(0))).toBe(zero);
    statements.get(above(2));
    expect(statements.size).toBe(2);
    expect(statements.get(above(0))).toBe(zero);
    expect(statements.get(above(1))).not.toBe(one);
  });

  it('fails on SQL the database refuses, and keeps nothing for it', () => {
    const statements = new StatementCache(database());
    expect(() => statements.get('SELECT n FROM nowhere')).toThrow(/no such table/);
    expect(statements.size).toBe(0);
  });
});

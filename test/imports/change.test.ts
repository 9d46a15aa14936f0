import { describe, expect, it } from 'vitest';
import { judge, type KnownState, type Observation } from '../../src/imports/change.ts';
import type { Import } from '../../src/imports/model.ts';
import { importAt } from '../support/import-fixture.ts';

const seen = (item: Import, deleted = false): KnownState => ({ item, deleted });
const observe = (item: Import, extra: Partial<Observation> = {}): Observation => ({
  item,
  kindIfUnknown: 'CREATED',
  ...extra,
});

describe('judge: a new state against the last known one', () => {
  it('announces an import never seen, as the observation says (CREATED or UPDATED)', () => {
    expect(judge(undefined, observe(importAt(2_000)))).toMatchObject({
      action: 'announce',
      change: { kind: 'CREATED', previousStatus: null },
    });
    expect(judge(undefined, observe(importAt(2_000), { kindIfUnknown: 'UPDATED' }))).toMatchObject({
      change: { kind: 'UPDATED' },
    });
  });

  it('remembers a baseline without announcing it', () => {
    expect(judge(undefined, observe(importAt(2_000), { baseline: true }))).toEqual({ action: 'remember' });
  });

  it('announces a change of counts with the previous status', () => {
    const next = importAt(3_000, { counts: { total: 10, processed: 5, errors: 0, warnings: 0 } });
    expect(judge(seen(importAt(2_000)), observe(next))).toMatchObject({
      action: 'announce',
      change: { kind: 'UPDATED', previousStatus: 'RUNNING' },
    });
  });

  it('ignores a repeat and an older state (a webhook twice, or late)', () => {
    expect(judge(seen(importAt(2_000)), observe(importAt(2_000)))).toEqual({ action: 'ignore' });
    const older = importAt(1_000, { status: 'PENDING', providerStatus: 'pending' });
    expect(judge(seen(importAt(2_000)), observe(older))).toEqual({ action: 'ignore' });
  });

  it('remembers a newer updatedAt that changes nothing visible, silently', () => {
    expect(judge(seen(importAt(2_000)), observe(importAt(2_500)))).toEqual({ action: 'remember' });
  });

  it('announces a deletion once, and nothing older after it', () => {
    const deletion = judge(seen(importAt(2_000)), observe(importAt(2_000), { deleted: true }));
    expect(deletion).toMatchObject({ change: { kind: 'DELETED', previousStatus: 'RUNNING' } });
    const tombstone = seen(importAt(2_000), true);
    expect(judge(tombstone, observe(importAt(2_000), { deleted: true }))).toEqual({ action: 'ignore' });
    expect(judge(tombstone, observe(importAt(1_500)))).toEqual({ action: 'ignore' });
  });
});

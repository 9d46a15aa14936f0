/**
 * What the SailPoint adaptor tests share: a source on a fresh registry pointed at a running
 * simulator, the simulator's ground truth mapped the gateway's way, request counts, and walks
 * through the real merged connection.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { SailpointApiVersion } from '../../../src/providers/sailpoint/settings.ts';
import { loadImportConnection } from '../../../src/imports/connection.ts';
import type { Import } from '../../../src/imports/model.ts';
import { compareImports, type ImportOrder } from '../../../src/imports/order.ts';
import type { ImportConditions, ImportSource } from '../../../src/imports/import-source.ts';
import { expiredJob, mapJobStatus, outcomeOf } from '../../../src/providers/sailpoint/map.ts';
import { registerSailpointJobs } from '../../../src/providers/sailpoint/registration.ts';
import {
  createSailpointSource,
  type SailpointSourceOptions,
} from '../../../src/providers/sailpoint/source.ts';
import { parseImportResults, parseJobStatus } from '../../../src/providers/sailpoint/wire.ts';
import { SqliteImportStore } from '../../../src/store/sqlite-import-store.ts';
import { SIMULATOR_CREDENTIALS } from '../../support/secrets.ts';
import type { SimulatorUnderTest } from '../../support/simulators.ts';
import { get, token } from '../../simulators/sailpoint/sailpoint-api.ts';
import { testLogger } from '../../support/test-log.ts';
import type { Logger } from '../../../src/log.ts';

export const ADMIN = {
  clientId: 'sim-sailpoint-client',
  clientSecret: SIMULATOR_CREDENTIALS.sailpointClientSecret,
};

export interface SourceUnderTest {
  readonly source: ImportSource;
  readonly store: SqliteImportStore;
  /** The gateway's clock as the source sees it; tests move it by hand. */
  now: number;
  /** Registers the simulator's jobs as of the gateway's `now`; answers how many were saved. */
  registerAll(): Promise<number>;
}

interface SourceSetup {
  apiVersion?: SailpointApiVersion;
  credentials?: { clientId: string; clientSecret: string };
  options?: Partial<Omit<SailpointSourceOptions, 'store' | 'log' | 'now'>>;
  /** The source's logger (default: the run's test log). */
  log?: Logger;
}

/** A SailPoint source on a fresh SQLite registry for the enclosing describe, on a hand-moved clock. */
export function useSailpointSource(sim: SimulatorUnderTest, setup: SourceSetup = {}): SourceUnderTest {
  const directory = mkdtempSync(join(tmpdir(), 'sailpoint-source-'));
  let source: ImportSource | undefined;
  let store: SqliteImportStore | undefined;
  const handle: SourceUnderTest = {
    now: Date.parse('2026-11-02T09:00:00.000Z'),
    get source() {
      return source!;
    },
    get store() {
      return store!;
    },
    async registerAll() {
      return registerSailpointJobs(store!, await sim.control<unknown[]>('GET', '/__sim/imports'), handle.now);
    },
  };
  beforeAll(() => {
    store = new SqliteImportStore(directory);
    source = createSailpointSource(
      {
        baseUrl: sim.url,
        apiVersion: setup.apiVersion ?? 'v2025',
        ...(setup.credentials ?? ADMIN),
      },
      { store, log: setup.log ?? testLogger(), now: () => handle.now, ...setup.options },
    );
  });
  afterAll(async () => {
    await source?.close();
    await store?.close();
    rmSync(directory, { recursive: true, force: true });
  });
  return handle;
}

/** `GET /__sim/imports` mapped as registration maps it (COMPLETE without a download: SUCCEEDED, settled later). */
export async function groundTruth(sim: SimulatorUnderTest): Promise<Import[]> {
  const jobs = await sim.control<unknown[]>('GET', '/__sim/imports');
  return jobs.map((job) => mapJobStatus(parseJobStatus(job)));
}

/**
 * The simulator's jobs as the registry holds them once every registered job is settled: a COMPLETE
 * (or FAILED) job with the outcome of its download (read here straight from the vendor API), or, when
 * SailPoint has no download any more and its expiration is past on the gateway's clock `now`,
 * expired. Costs vendor requests of its own: take the stats after it.
 */
export async function settledTruth(sim: SimulatorUnderTest, now: number): Promise<Import[]> {
  const bearer = await token(sim.url);
  const truth: Import[] = [];
  for (const body of await sim.control<unknown[]>('GET', '/__sim/imports')) {
    const job = parseJobStatus(body);
    if (job.status !== 'COMPLETE' && job.status !== 'FAILED') {
      truth.push(mapJobStatus(job));
      continue;
    }
    const download = await get(sim.url, `/v2025/sp-config/import/${job.jobId}/download`, bearer);
    if (download.status === 200) truth.push(mapJobStatus(job, outcomeOf(parseImportResults(download.body))));
    // A FAILED job's download is only tried: without one it stays as its status says.
    else if (job.status === 'FAILED') truth.push(mapJobStatus(job));
    else if (job.expiration && Date.parse(job.expiration) <= now)
      truth.push(expiredJob(mapJobStatus(job), new Date(job.expiration)));
    else truth.push(mapJobStatus(job));
  }
  return truth;
}

/** Vendor requests since the last reset, by route template; resets them. */
export async function takeStats(sim: SimulatorUnderTest): Promise<Record<string, number>> {
  const { requests } = await sim.control<{ requests: Record<string, number> }>('GET', '/__sim/stats');
  await sim.control('DELETE', '/__sim/stats');
  return requests;
}

/** The conditions as the gateway defines them, applied by hand; a SailPoint job matches any of its types. */
export function matches(item: Import, conditions: ImportConditions): boolean {
  const created = item.createdAt.getTime();
  const updated = item.updatedAt.getTime();
  const types = (item.resourceType ?? '').split(',');
  return (
    (!conditions.statuses || conditions.statuses.includes(item.status)) &&
    (!conditions.resourceTypes || conditions.resourceTypes.some((type) => types.includes(type))) &&
    (conditions.createdAfter === undefined || created > conditions.createdAfter) &&
    (conditions.createdBefore === undefined || created < conditions.createdBefore) &&
    (conditions.updatedAfter === undefined || updated > conditions.updatedAfter) &&
    (conditions.updatedBefore === undefined || updated < conditions.updatedBefore)
  );
}

export function expected(
  truth: readonly Import[],
  order: ImportOrder,
  conditions: ImportConditions,
): Import[] {
  return truth.filter((item) => matches(item, conditions)).sort((a, b) => compareImports(a, b, order));
}

export interface WalkOptions {
  /** Runs after each page with the number of pages read so far. */
  afterPage?: (pages: number) => Promise<void>;
}

/**
 * Every import through the merged connection with this one source: forward with first/after or
 * backward with last/before, returned in `order` either way.
 */
export async function walk(
  source: ImportSource,
  order: ImportOrder,
  size: number,
  conditions: ImportConditions,
  direction: 'forward' | 'backward',
  options: WalkOptions = {},
): Promise<Import[]> {
  const forward = direction === 'forward';
  const seen: Import[] = [];
  let cursor: string | null = null;
  for (let pages = 1; ; pages++) {
    const page = await loadImportConnection([source], {
      ...(forward ? { first: size, after: cursor } : { last: size, before: cursor }),
      conditions,
      orderBy: order,
    });
    if (page.failures.length > 0) throw page.failures[0]!;
    const nodes = page.edges.map((edge) => edge.node);
    if (forward) seen.push(...nodes);
    else seen.unshift(...nodes);
    const more = forward ? page.pageInfo.hasNextPage : page.pageInfo.hasPreviousPage;
    if (!more) return seen;
    if (nodes.length !== size) throw new Error(`a page of ${nodes.length} claimed there was more`);
    cursor = forward ? page.pageInfo.endCursor : page.pageInfo.startCursor;
    await options.afterPage?.(pages);
  }
}

export const ids = (items: readonly Import[]) => items.map((item) => item.providerId);

/**
 * "Validation bounded before it starts": per family of hostile documents
 * (test/support/hostile-documents.ts, seeded), the largest document the default limits let
 * through, and what it costs.
 *
 * - Validation: parse and validate as the live transports do it (`prepareOperation` with the
 *   default rules; over HTTP Apollo runs the same rules), in this process, the text varied per run
 *   so that no cache answers. p50 and max over the runs (the first run includes compiling the
 *   code paths the document reaches).
 * - Event loop: the longest gap between two turns of the gateway's event loop while it handles
 *   the document over HTTP. The gateway's /metrics reports it (prom-client's default metrics read
 *   `monitorEventLoopDelay`, 10 ms resolution, and restart it on each read), so each run reads
 *   /metrics, sends the document, waits for the answer and reads /metrics again. Measured inside
 *   the gateway, it is what every other client (and /healthz) waited at most; an idle gateway
 *   shows about 10–15 ms, the resolution plus the machine's noise.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'graphql';
import { loadConfig } from '../../src/config.ts';
import { buildGatewaySchema } from '../../src/graphql/schema.ts';
import { prepareOperation } from '../../src/server/operation/prepare.ts';
import { createOperationRules } from '../../src/server/limits/operation-rules.ts';
import { countSelections } from '../../src/server/limits/selection-count.ts';
import { readSecuritySettings } from '../../src/security-settings.ts';
import {
  hostileFamilies,
  largestAccepted,
  passesChecksBeforeValidation,
  type HostileRequest,
} from '../../test/support/hostile-documents.ts';
import type { GatewayProcess } from '../processes.ts';
import { round, type TargetCheck } from '../report.ts';

const SEED = 20_261_204;
const TARGET_MS = 50;

interface FamilyResult {
  family: string;
  shape: string;
  step: number;
  bytes: number;
  selections: number | null;
  pairs: number | null;
  validation: { p50Ms: number; maxMs: number; cpuP50Ms: number };
  eventLoopGap: { p50Ms: number; maxMs: number };
  /** Status and first error code of the gateway's answer. */
  answer: string;
}

const percentile = (values: number[], fraction: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
};

/** A comment at the end changes the text (no cache knows it) and nothing else. */
const varied = (request: HostileRequest, run: number): HostileRequest => ({
  ...request,
  query: `${request.query}\n# run ${run}`,
});

async function longestEventLoopGapMs(gateway: GatewayProcess): Promise<number> {
  const text = await (await fetch(new URL('/metrics', gateway.url))).text();
  const line = /^nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(text);
  if (!line) throw new Error('the gateway reports no nodejs_eventloop_lag_max_seconds');
  return Number(line[1]) * 1000;
}

export async function hostileDocumentsScenario(gateway: GatewayProcess, quick: boolean) {
  const runs = quick ? 2 : 7;
  const schema = buildGatewaySchema();
  const limits = readSecuritySettings({}, true, []).limits;
  const maxBodyBytes = loadConfig({}).maxBodyBytes;
  const rules = createOperationRules(limits, false, schema);
  const guard = { rules, persisted: undefined };

  const results: FamilyResult[] = [];
  for (const family of hostileFamilies(SEED)) {
    const step = largestAccepted(family, (request) =>
      family.boundBy === 'MAX_BODY_BYTES'
        ? Buffer.byteLength(JSON.stringify(request)) <= maxBodyBytes
        : passesChecksBeforeValidation(rules, request),
    );
    const request = family.request(step);
    let counted: { selections: number; pairs: number } | undefined;
    try {
      counted = countSelections(parse(request.query, rules.parseOptions), limits.maxSelections);
    } catch {
      counted = undefined; // a nesting the parser would not survive (refused before it)
    }

    // CPU time beside the wall time: on a shared machine the wall time includes waiting for a core.
    const validationMs: number[] = [];
    const cpuMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      prepareOperation(schema, varied(request, run), guard);
      const used = process.cpuUsage(cpu);
      validationMs.push(performance.now() - started);
      cpuMs.push((used.user + used.system) / 1000);
    }

    const gapMs: number[] = [];
    let answer = '';
    for (let run = 0; run < runs; run++) {
      await longestEventLoopGapMs(gateway); // restarts the gateway's histogram
      await sleep(25); // the first turn after the restart is not measured: let a few pass
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(varied(request, runs + run)),
      });
      const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      answer = `${response.status} ${body.errors?.[0]?.extensions?.code ?? 'data'}`;
      gapMs.push(await longestEventLoopGapMs(gateway));
    }

    results.push({
      family: family.name,
      shape: family.shape,
      step,
      bytes: Buffer.byteLength(JSON.stringify(request)),
      selections: counted?.selections ?? null,
      pairs: counted?.pairs ?? null,
      validation: {
        p50Ms: round(percentile(validationMs, 0.5)),
        maxMs: round(Math.max(...validationMs)),
        cpuP50Ms: round(percentile(cpuMs, 0.5)),
      },
      eventLoopGap: { p50Ms: round(percentile(gapMs, 0.5)), maxMs: round(Math.max(...gapMs)) },
      answer,
    });
  }

  // A JSON value is no document, and no list bound applies to it (MAX_VARIABLE_LIST_ITEMS counts
  // typed lists only): its cost is parsing the body, which MAX_BODY_BYTES bounds, so it is a
  // target of its own.
  const documents = results.filter((result) => result.family !== 'large JSON value');
  const variables = results.find((result) => result.family === 'large JSON value')!;
  const worst = (measure: (result: FamilyResult) => number) =>
    documents.reduce((slowest, result) => (measure(result) > measure(slowest) ? result : slowest));
  const slowestValidation = worst((result) => result.validation.p50Ms);
  const longestGap = worst((result) => result.eventLoopGap.p50Ms);
  const check = (name: string, value: number): TargetCheck => ({
    name,
    value,
    unit: 'ms',
    target: `≤ ${TARGET_MS} ms`,
    pass: value <= TARGET_MS,
  });
  const targets: TargetCheck[] = [
    check(
      `Hostile documents: validation of the largest accepted, p50, slowest family (${slowestValidation.family})`,
      slowestValidation.validation.p50Ms,
    ),
    check(
      `Hostile documents: longest event-loop gap while the gateway answers one, p50, worst family (${longestGap.family})`,
      longestGap.eventLoopGap.p50Ms,
    ),
    check(
      `Hostile variables (a JSON value of ${variables.bytes} bytes): longest event-loop gap, p50`,
      variables.eventLoopGap.p50Ms,
    ),
  ];

  const table = [
    '## 6. Hostile documents (largest accepted per family)',
    '',
    `Default limits (MAX_QUERY_SELECTIONS ${limits.maxSelections}, MAX_QUERY_TOKENS ${limits.maxTokens}, ` +
      `MAX_BODY_BYTES ${maxBodyBytes}); ${runs} runs each, the text varied per run so no cache answers. ` +
      'Validation: `prepareOperation` in the bench process. Event loop: the longest gap between two turns of ' +
      "the gateway's event loop while it answers the document over HTTP (monitorEventLoopDelay, read from /metrics; " +
      'about 10–15 ms when idle).',
    '',
    '| family | shape | step | bytes | selections | pairs | validation p50 / max (CPU p50) | event-loop gap p50 / max | answer | verdict |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...results.map(
      (result) =>
        `| ${result.family} | ${result.shape} | ${result.step} | ${result.bytes} | ${result.selections ?? '–'} | ${result.pairs ?? '–'} | ` +
        `${result.validation.p50Ms} / ${result.validation.maxMs} ms (${result.validation.cpuP50Ms}) | ` +
        `${result.eventLoopGap.p50Ms} / ${result.eventLoopGap.maxMs} ms | ` +
        `${result.answer} | ${result.validation.p50Ms <= TARGET_MS && result.eventLoopGap.p50Ms <= TARGET_MS ? 'PASS' : 'FAIL'} |`,
    ),
    '',
  ].join('\n');
  return { results, table, targets };
}

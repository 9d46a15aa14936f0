/**
 * Hostile documents (test/support/hostile-documents.ts, seeded): for each family, the largest
 * document the default limits let through to validation is validated and answered (or refused by
 * another limit, clearly), and the document one step larger is refused before any validation rule
 * runs. Work is counted, never timed (the times are in `npm run bench -- --only=hostile`): the
 * checks before validation step through each document a few times its size, and the validation
 * rules walk each selection set a few times, however often fragments are spread.
 */
import { parse, specifiedRules, validate, type ValidationRule } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { buildGatewaySchema } from '../../src/graphql/schema.ts';
import { formatError } from '../../src/server/operation/format.ts';
import { prepareOperation, type OperationGuard } from '../../src/server/operation/prepare.ts';
import { createOperationRules } from '../../src/server/limits/operation-rules.ts';
import { countSelections } from '../../src/server/limits/selection-count.ts';
import { DocumentCache } from '../../src/server/operation/document-cache.ts';
import { readSecuritySettings } from '../../src/security-settings.ts';
import { countingDocument, nodeCount } from '../support/counting-document.ts';
import { errorsProblem, problemOf, type Answer } from '../support/fuzz-answers.ts';
import { useGateway } from '../support/gateway.ts';
import {
  hostileFamilies,
  largestAccepted,
  passesChecksBeforeValidation,
  type HostileFamily,
  type HostileRequest,
} from '../support/hostile-documents.ts';
import { subscribeSse, subscribeWs, wsClient } from '../support/live-clients.ts';

const SEED = 20_261_204;
const schema = buildGatewaySchema();
// The defaults of a production gateway (introspection off).
const limits = readSecuritySettings({}, true, []).limits;
const rules = createOperationRules(limits, false, schema);

let validations = 0;
const countValidations: ValidationRule = () => {
  validations++;
  return {};
};
const guard: OperationGuard = {
  rules: { ...rules, validationRules: [...rules.validationRules, countValidations] },
  persisted: undefined,
};

const passesChecks = (request: HostileRequest) => passesChecksBeforeValidation(rules, request);

/** Each fragment spreads the one below twice: the 0.9 KB document that froze the old gateway for 8 s. */
const ATTACK = [
  'query {\n  ...F22\n}',
  'fragment F0 on Query { __typename }',
  ...Array.from(
    { length: 22 },
    (_, level) => `fragment F${level + 1} on Query { ...F${level} ...F${level} }`,
  ),
].join('\n');

/** What the step after the largest accepted one is refused with, by what refuses it. */
const REFUSAL: Record<HostileFamily['boundBy'], { code: string; message: RegExp }> = {
  MAX_QUERY_SELECTIONS: {
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: new RegExp(`\\(MAX_QUERY_SELECTIONS is ${limits.maxSelections}\\): .*split the operation`),
  },
  'document nesting': { code: 'GRAPHQL_PARSE_FAILED', message: /more than 100 levels deep/ },
  MAX_VARIABLE_LIST_ITEMS: {
    code: 'BAD_USER_INPUT',
    message: new RegExp(`more than ${limits.maxVariableListItems} list items \\(MAX_VARIABLE_LIST_ITEMS\\)`),
  },
  MAX_BODY_BYTES: { code: 'BAD_REQUEST', message: /MAX_BODY_BYTES/ },
};

const documentFamilies = hostileFamilies(SEED).filter((family) => family.boundBy !== 'MAX_BODY_BYTES');
const largest = new Map(
  documentFamilies.map((family) => [family.name, largestAccepted(family, passesChecks)]),
);

describe.each(documentFamilies)('$name', (family) => {
  const step = largest.get(family.name)!;

  it('validates the largest document the limits let through, and answers it or refuses it clearly', () => {
    const request = family.request(step);
    validations = 0;
    const prepared = prepareOperation(schema, request, guard);
    expect(validations).toBe(1);
    if ('errors' in prepared) {
      const formatted = prepared.errors.map(formatError);
      expect(errorsProblem(formatted)).toBeUndefined();
      // Another limit's words, never graphql-js giving up on its own complexity budget.
      for (const error of formatted)
        expect(error.message).not.toMatch(/MAX_QUERY_SELECTIONS|Validation aborted/);
    }

    const document = parse(request.query, rules.parseOptions);
    const counted = countSelections(document, limits.maxSelections);
    expect(counted.visits).toBeLessThanOrEqual(3 * nodeCount(document));
    // Every rule, graphql-js's own included, walks each selection set a few times at most.
    const counting = countingDocument(document);
    validate(schema, counting.document, [...specifiedRules, ...rules.validationRules]);
    expect(counting.walks).toBeLessThanOrEqual(4 * nodeCount(document));
  });

  it('refuses one step larger before any validation rule runs', () => {
    const request = family.request(step + 1);
    validations = 0;
    const prepared = prepareOperation(schema, request, guard);
    expect(validations).toBe(0);
    const { code, message } = REFUSAL[family.boundBy];
    expect(
      'errors' in prepared && prepared.errors.map((error) => [error.extensions.code, error.message]),
    ).toEqual([[code, expect.stringMatching(message)]]);
    if (family.boundBy === 'MAX_QUERY_SELECTIONS') {
      const document = parse(request.query, rules.parseOptions);
      expect(countSelections(document, limits.maxSelections).visits).toBeLessThanOrEqual(
        3 * nodeCount(document),
      );
    }
  });
});

describe('the document cache (MAX_DOCUMENT_CACHE_BYTES)', () => {
  it('holds no more than its bytes of the largest documents the limits let through', () => {
    const maxBytes = 512 * 1024;
    const documents = new DocumentCache(maxBytes);
    const bounded: OperationGuard = { ...guard, documents };
    const kept: string[] = [];
    for (const family of documentFamilies) {
      for (let copy = 0; copy < 20; copy++) {
        // A comment makes each copy a document of its own to the cache, as a client varying its text would.
        const request = family.request(largest.get(family.name)!);
        const query = `${request.query}\n# copy ${copy}`;
        if ('errors' in prepareOperation(schema, { ...request, query }, bounded)) continue;
        kept.push(query);
        expect(documents.bytes).toBeLessThanOrEqual(maxBytes);
        // The newest stays, the oldest went.
        expect(documents.get(query)).toBeDefined();
      }
    }
    expect(kept.length).toBeGreaterThan(documents.size);
    expect(documents.get(kept[0]!)).toBeUndefined();
  });

  it('does not keep a document larger than its whole budget', () => {
    const tiny = new DocumentCache(64 * 1024);
    const wide = `{ ${Array.from({ length: 1_500 }, (_, index) => `a${index}: __typename`).join(' ')} }`;
    const withoutAliasLimit = { ...rules, validationRules: [] };
    const prepared = prepareOperation(
      schema,
      { query: wide },
      { rules: withoutAliasLimit, persisted: undefined, documents: tiny },
    );
    expect('errors' in prepared).toBe(false);
    expect([tiny.size, tiny.bytes]).toEqual([0, 0]);
  });
});

/** More shapes graphql-js's OverlappingFieldsCanBeMerged compares pairwise, each of size `n`. */
const repeat = (n: number, item: (index: number) => string) =>
  Array.from({ length: n }, (_, index) => item(index)).join(' ');
const PAIRED_SHAPES: Record<string, (n: number) => string> = {
  'same-named fields with arguments': (n) => `{ ${repeat(n, () => 'imports(first: 1) { totalCount }')} }`,
  'same-named fields, three levels deep': (n) =>
    `{ ${repeat(n, () => `imports(first: 1) { ${repeat(n, () => `nodes { ${repeat(n, () => 'counts { total }')} }`)} }`)} }`,
  'fragments spread side by side in same-named fields': (n) =>
    `{ ${repeat(n, () => `providers { ${repeat(n, (index) => `...P${index}`)} }`)} } ` +
    repeat(n, (index) => `fragment P${index} on ProviderInfo { provider }`),
  'fragments of __typename side by side': (n) =>
    `{ ${repeat(n, (index) => `...T${index}`)} } ${repeat(n, (index) => `fragment T${index} on Query { __typename }`)}`,
};

describe.each(Object.entries(PAIRED_SHAPES))('%s', (name, shape) => {
  it("stays within graphql-js's own complexity budget at the largest size let through", () => {
    const request = (n: number) => ({ query: shape(n) });
    const n = largestAccepted({ name, shape: '', boundBy: 'MAX_QUERY_SELECTIONS', request }, passesChecks);
    validations = 0;
    const prepared = prepareOperation(schema, request(n), guard);
    expect(validations).toBe(1);
    // graphql-js gives up with "Validation aborted." past 500,000 steps of comparing.
    expect('errors' in prepared ? prepared.errors.map((error) => error.message) : []).toEqual([]);
    const refused = prepareOperation(schema, request(n + 1), guard);
    expect('errors' in refused && refused.errors[0]!.message).toMatch(REFUSAL.MAX_QUERY_SELECTIONS.message);
  });
});

describe('graphql-armor and page-cost rules', () => {
  it('walk each fragment once, on a chain far past the selection limit', () => {
    const document = parse(ATTACK);
    for (const rule of rules.validationRules) {
      const counting = countingDocument(document);
      validate(schema, counting.document, [rule]);
      expect(counting.walks).toBeLessThanOrEqual(3 * nodeCount(document));
    }
  });
});

describe('over the gateway', () => {
  const gateway = useGateway({ imports: 5 });
  const clients: ReturnType<typeof wsClient>[] = [];
  afterAll(async () => {
    for (const client of clients) await client.dispose();
  });

  async function post(request: HostileRequest): Promise<Answer> {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      text: await response.text(),
    };
  }

  const firstError = (answer: Answer) =>
    (JSON.parse(answer.text) as { errors: { message: string; extensions: { code: string } }[] }).errors[0]!;

  it('refuses the 0.9 KB chain that froze the old gateway, over HTTP, and keeps answering', async () => {
    expect(ATTACK.length).toBeLessThan(1_000);
    const answer = await post({ query: ATTACK });
    expect(answer.status).toBe(400);
    expect(firstError(answer).extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', retryable: false });
    expect(firstError(answer).message).toMatch(REFUSAL.MAX_QUERY_SELECTIONS.message);
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
  });

  it('refuses it over WebSocket and over SSE with the same error', async () => {
    const client = wsClient(gateway.url);
    clients.push(client);
    const overWebSocket = subscribeWs(client, ATTACK);
    await overWebSocket.untilCompleted();
    const overSse = subscribeSse(gateway.url, ATTACK);
    await overSse.untilCompleted();
    for (const errors of [
      overWebSocket.failure as { message: string; extensions?: unknown }[],
      overSse.results[0]?.errors ?? [],
    ]) {
      expect(errors.map((error) => error.extensions)).toEqual([
        { code: 'GRAPHQL_VALIDATION_FAILED', retryable: false },
      ]);
      expect(errors[0]!.message).toMatch(REFUSAL.MAX_QUERY_SELECTIONS.message);
    }
  });

  it.each(hostileFamilies(SEED))(
    'answers the largest $name over HTTP, and refuses one step larger',
    async (family) => {
      const maxBodyBytes = loadConfig(gateway.env).maxBodyBytes;
      const step =
        family.boundBy === 'MAX_BODY_BYTES'
          ? largestAccepted(family, (request) => Buffer.byteLength(JSON.stringify(request)) <= maxBodyBytes)
          : largest.get(family.name)!;
      const accepted = await post(family.request(step));
      expect(problemOf(accepted, true)).toBeUndefined();
      if (accepted.status !== 200)
        expect(accepted.text).not.toMatch(/MAX_QUERY_SELECTIONS|Validation aborted/);

      const refused = await post(family.request(step + 1));
      expect(refused.status).toBe(family.boundBy === 'MAX_BODY_BYTES' ? 413 : 400);
      const { code, message } = REFUSAL[family.boundBy];
      expect(firstError(refused).extensions).toEqual({ code, retryable: false });
      expect(firstError(refused).message).toMatch(message);
    },
  );
});

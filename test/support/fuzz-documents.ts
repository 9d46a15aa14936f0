/**
 * Seeded generators of GraphQL requests for fuzzing: documents built from the gateway's schema
 * (real fields and arguments, now and then a wrong one), the same documents damaged, and garbage.
 * The same seed gives the same requests, so a failure can be replayed by its case number.
 */
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { SeededRandom } from '../../src/simulators/core/random.ts';

export interface FuzzRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** Strings that have tripped parsers, escapers and loggers elsewhere. */
const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\uFEFF',
  '\uD800',
  '\u202E',
  '"',
  '\\',
  '\\u0000',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '../../etc/passwd',
  '%00',
  '\r\n\r\nHTTP/1.1 200 OK',
  '𝕱𝖚𝖟𝖟',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  '9'.repeat(400),
];

const NUMBERS = [
  0,
  -1,
  1,
  2,
  20,
  99,
  100,
  101,
  1_000,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 + 1,
  1e308,
  0.5,
  -0.0,
];

/** Punctuators, keywords, names of the schema, and tokens the lexer must refuse. */
const GARBAGE_TOKENS = [
  ...'{ } ( ) [ ] : ! $ @ ... = | & ,'.split(' '),
  ...'query mutation subscription fragment on schema type directive extend true null'.split(' '),
  ...'imports import node __schema __type __typename 1e999 0x1F -0 00 .5 1.'.split(' '),
  ...['"unterminated', '"\\u{110000}"', '"\\x"', '"""', '"""block"""', '#comment\n'],
  ...['\u0000', '\u0007', '\uFEFF', '\u2028', '🙂', '\uDFFF'],
];

export class RequestFuzzer {
  private readonly random: SeededRandom;

  /** Ids of real objects, so some documents reach vendors instead of failing on the id. */
  ids: string[] = [];

  constructor(
    private readonly schema: GraphQLSchema,
    seed: number,
  ) {
    this.random = new SeededRandom(seed, 'fuzz-documents');
  }

  /** A document from the schema, with variables; mostly well-formed, sometimes subtly wrong. */
  fromSchema(): FuzzRequest {
    const r = this.random;
    const kind = r.weighted([
      ['query', 7],
      ['mutation', 2],
      ['subscription', 1],
    ] as const);
    const root = this.rootOf(kind);
    const variables: Record<string, unknown> = {};
    const declared: string[] = [];
    const context = { variables, declared, depth: 0 };
    const fields = Array.from({ length: r.int(1, 3) }, () => this.field(root, context)).join(' ');
    const name = r.chance(0.3) ? `Fuzz${r.int(0, 999)}` : '';
    const header = declared.length > 0 ? `${kind} ${name}(${declared.join(', ')})` : `${kind} ${name}`;
    const fragment = r.chance(0.1) ? ` fragment F on Import { id status counts { total } }` : '';
    const request: FuzzRequest = { query: `${header.trim()} { ${fields} }${fragment}` };
    if (Object.keys(variables).length > 0 || r.chance(0.05)) request.variables = variables;
    if (r.chance(0.1)) request.operationName = r.chance(0.5) ? name || 'Missing' : `Other${r.int(0, 9)}`;
    return request;
  }

  /** A document from the schema with a few characters deleted, repeated, swapped or cut. */
  damaged(): FuzzRequest {
    const r = this.random;
    const request = this.fromSchema();
    let text = request.query;
    for (let edit = r.int(1, 4); edit > 0 && text.length > 0; edit--) {
      const at = r.int(0, text.length - 1);
      const length = r.int(1, Math.min(12, text.length - at));
      switch (r.int(0, 4)) {
        case 0:
          text = text.slice(0, at) + text.slice(at + length);
          break;
        case 1:
          text = text.slice(0, at) + text.slice(at, at + length).repeat(r.int(2, 5)) + text.slice(at);
          break;
        case 2:
          text =
            text.slice(0, at) +
            r.pick(['{', '}', '(', ')', '"', '$', '@', '...', '#', '\\']) +
            text.slice(at);
          break;
        case 3:
          text = text.slice(0, at);
          break;
        default:
          text = text.slice(0, at) + this.nastyString() + text.slice(at + length);
      }
    }
    return { ...request, query: text };
  }

  /** Tokens and characters in no particular order: what a parser must refuse politely. */
  garbage(): FuzzRequest {
    const r = this.random;

    const length = r.int(1, 60);
    const tokens = Array.from({ length }, () =>
      r.chance(0.15) ? String.fromCharCode(r.int(0, 0xffff)) : r.pick(GARBAGE_TOKENS),
    );
    return { query: tokens.join(r.chance(0.5) ? ' ' : '') };
  }

  /** One variable value of the wrong kind for whatever it is declared as. */
  wrongValue(): unknown {
    const r = this.random;
    return r.pick<() => unknown>([
      () => r.pick(NASTY_STRINGS),
      () => r.pick(NUMBERS),
      () => r.chance(0.5),
      () => null,
      () => [],
      () => [[['deep']]],
      () => ({}),
      () => JSON.parse('{"__proto__": {"polluted": true}, "constructor": "x"}') as unknown,
      () => ({ first: 'ten', id: 42 }),
      () => Array.from({ length: 50 }, (_, index) => index),
    ])();
  }

  private rootOf(kind: 'query' | 'mutation' | 'subscription'): GraphQLObjectType {
    const root =
      kind === 'query'
        ? this.schema.getQueryType()
        : kind === 'mutation'
          ? this.schema.getMutationType()
          : this.schema.getSubscriptionType();
    if (!root) throw new Error(`the schema has no ${kind} type`);
    return root;
  }

  private field(
    parent: GraphQLObjectType | GraphQLNamedType,
    context: { variables: Record<string, unknown>; declared: string[]; depth: number },
  ): string {
    const r = this.random;
    if (!isObjectType(parent) && !isInterfaceType(parent)) return '__typename';
    const fields = Object.values(parent.getFields()) as GraphQLField<unknown, unknown>[];
    if (r.chance(0.04)) return `notAField${r.int(0, 9)}`;
    if (r.chance(0.08)) return '__typename';
    const field = r.pick(fields);
    const alias = r.chance(0.15) ? `a${r.int(0, 99)}: ` : '';
    const args = field.args
      .filter((arg) => (isNonNullType(arg.type) ? r.chance(0.95) : r.chance(0.5)))
      .map((arg) => `${arg.name}: ${this.argument(arg.type, context)}`);
    if (r.chance(0.03)) args.push(`unknownArgument: 1`);
    const directive = r.chance(0.08)
      ? r.pick([' @include(if: true)', ' @skip(if: false)', ' @skip(if: 1)', ' @nope'])
      : '';
    const head = `${alias}${field.name}${args.length > 0 ? `(${args.join(', ')})` : ''}${directive}`;
    const type = getNamedType(field.type);
    if (isScalarType(type) || isEnumType(type)) return head;
    // Depth is capped below the gateway's MAX_QUERY_DEPTH mostly, past it sometimes.
    if (context.depth >= r.int(3, 14)) return `${head} { __typename }`;
    const inner = { ...context, depth: context.depth + 1 };
    const selections: string[] = [];
    if (isInterfaceType(type) || isUnionType(type)) {
      const implementations = isUnionType(type)
        ? type.getTypes()
        : this.schema.getImplementations(type).objects;
      selections.push('__typename');
      if (implementations.length > 0 && r.chance(0.8)) {
        const target = r.pick(implementations);
        selections.push(`... on ${target.name} { ${this.field(target, inner)} }`);
      }
      if (isInterfaceType(type)) selections.push(this.field(type, inner));
    } else {
      for (let count = r.int(1, 4); count > 0; count--) selections.push(this.field(type, inner));
      if (type.name === 'Import' && r.chance(0.1)) selections.push('...F');
    }
    return `${head} { ${selections.join(' ')} }`;
  }

  /** An argument: a literal, or a variable declared with (usually) the argument's type. */
  private argument(
    type: GraphQLInputType,
    context: { variables: Record<string, unknown>; declared: string[] },
  ): string {
    const r = this.random;
    if (r.chance(0.35)) {
      const name = `v${context.declared.length}`;
      const declaredType = r.chance(0.9)
        ? String(type)
        : r.pick(['Int', 'String!', '[ID!]!', 'Boolean', 'JSON', 'Nope']);
      context.declared.push(`$${name}: ${declaredType}`);
      if (r.chance(0.9)) context.variables[name] = r.chance(0.8) ? this.value(type, 0) : this.wrongValue();
      return `$${name}`;
    }
    return this.literal(type, 0);
  }

  /** A JSON value for a variable of `type`, right most of the time. */
  private value(type: GraphQLInputType, depth: number): unknown {
    const r = this.random;
    if (r.chance(0.05)) return this.wrongValue();
    if (isNonNullType(type)) return this.value(type.ofType, depth);
    if (r.chance(0.05)) return null;
    if (isListType(type))
      return Array.from({ length: r.int(0, 3) }, () => this.value(type.ofType, depth + 1));
    if (isEnumType(type)) return r.chance(0.9) ? r.pick(type.getValues()).name : 'NOT_A_VALUE';
    if (isInputObjectType(type)) {
      const object: Record<string, unknown> = {};
      for (const field of Object.values(type.getFields())) {
        if (isNonNullType(field.type) || (depth < 3 && r.chance(0.4)))
          object[field.name] = this.value(field.type, depth + 1);
      }
      if (r.chance(0.03)) object.unknownField = 1;
      return object;
    }
    return this.scalar(type.name, depth);
  }

  /** The same as `value`, written as a GraphQL literal. */
  private literal(type: GraphQLInputType, depth: number): string {
    const r = this.random;
    if (r.chance(0.04))
      return r.pick(['null', '"wrong"', '42', 'true', '[1, 2]', '{ a: 1 }', 'WRONG_ENUM', '$undeclared']);
    if (isNonNullType(type)) return this.literal(type.ofType, depth);
    if (isListType(type))
      return `[${Array.from({ length: r.int(0, 3) }, () => this.literal(type.ofType, depth + 1)).join(', ')}]`;
    if (isEnumType(type)) return r.pick(type.getValues()).name;
    if (isInputObjectType(type)) {
      const fields = Object.values(type.getFields())
        .filter((field) => isNonNullType(field.type) || (depth < 3 && r.chance(0.4)))
        .map((field) => `${field.name}: ${this.literal(field.type, depth + 1)}`);
      return `{ ${fields.join(', ')} }`;
    }
    return toLiteral(this.scalar(type.name, depth));
  }

  private scalar(name: string, depth: number): unknown {
    const r = this.random;
    switch (name) {
      case 'Int':
        return r.chance(0.7) ? r.int(1, 30) : r.pick(NUMBERS);
      case 'Float':
        return r.next() * 2 - 0.5;
      case 'Boolean':
        return r.chance(0.5);
      case 'ID':
        return this.ids.length > 0 && r.chance(0.6) ? r.pick(this.ids) : this.nastyString();
      case 'DateTime':
        return r.pick([
          '2026-11-02T09:00:00.000Z',
          '2026-11-02T09:00:00+02:00',
          '2026-13-45T99:00:00Z',
          'yesterday',
          '1970-01-01T00:00:00Z',
          '9999-12-31T23:59:59.999Z',
        ]);
      case 'JSON':
        return this.json(depth);
      default:
        return r.chance(0.7)
          ? r.pick(['skus', 'prices', 'VehicleImport', 'csv', 'ref-1'])
          : this.nastyString();
    }
  }

  private json(depth: number): unknown {
    const r = this.random;
    if (depth > 4 || r.chance(0.3)) return r.pick<unknown>([1, 'text', true, null, this.nastyString()]);
    if (r.chance(0.5))
      return Array.from({ length: r.int(0, 4) }, () => ({
        code: `SKU-${r.int(0, 99)}`,
        name: this.json(depth + 1),
      }));
    return Object.fromEntries(
      Array.from({ length: r.int(0, 4) }, (_, index) => [`k${index}`, this.json(depth + 1)]),
    );
  }

  private nastyString(): string {
    const r = this.random;
    return r.chance(0.7) ? r.pick(NASTY_STRINGS) : r.hex(r.int(1, 64));
  }
}

/** A JSON value as a GraphQL literal (object keys as names). */
function toLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(toLiteral).join(', ')}]`;
  const fields = Object.entries(value as Record<string, unknown>).map(
    ([key, item]) => `${/^[_A-Za-z][_0-9A-Za-z]*$/.test(key) ? key : 'key'}: ${toLiteral(item)}`,
  );
  return `{ ${fields.join(', ')} }`;
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

const specsRoot = fileURLToPath(new URL('../../specs/', import.meta.url));

/** Loads a spec file under `specs/` (YAML or JSON). */
export function loadSpec(relativePath: string): Record<string, unknown> {
  const text = readFileSync(specsRoot + relativePath, 'utf8');
  return (relativePath.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as Record<string, unknown>;
}

function newAjv(): Ajv {
  // strict: false because OpenAPI 3.0 schemas carry keywords JSON Schema does not know
  // (example, discriminator, xml, x-*); `nullable` is understood by Ajv itself.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  (addFormats as unknown as (ajv: Ajv) => void)(ajv);
  return ajv;
}

function pointerEscape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Validates response bodies against an OpenAPI 3.0 document, by path template, method, status and
 * media type, resolving the document's own `$ref`s.
 */
export class OpenApiValidator {
  private readonly ajv = newAjv();
  private readonly cache = new Map<string, ValidateFunction>();
  private readonly id: string;

  constructor(
    private readonly document: Record<string, unknown>,
    name: string,
  ) {
    this.id = `https://specs.invalid/${name}`;
    this.ajv.addSchema(document, this.id);
  }

  static fromFile(relativePath: string): OpenApiValidator {
    return new OpenApiValidator(loadSpec(relativePath), relativePath);
  }

  /** True when the document declares a schema for that response. */
  covers(path: string, method: string, status: number, mediaType = 'application/json'): boolean {
    return this.canonical(this.pointer(path, method, status, mediaType)) !== undefined;
  }

  /** Throws with Ajv's errors when `body` does not match the declared response schema. */
  assertResponse(
    path: string,
    method: string,
    status: number,
    body: unknown,
    mediaType = 'application/json',
  ): void {
    const pointer = this.canonical(this.pointer(path, method, status, mediaType));
    if (pointer === undefined) {
      throw new Error(
        `The spec declares no ${mediaType} schema for ${method.toUpperCase()} ${path} ${status}`,
      );
    }
    this.assertSchema(pointer, body);
  }

  /** Validates against any schema in the document by JSON pointer, e.g. `/components/schemas/SpConfigJob`. */
  assertSchema(pointer: string, body: unknown): void {
    let validate = this.cache.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${this.id}#${pointer}` });
      this.cache.set(pointer, validate);
    }
    if (!validate(body)) {
      throw new Error(
        `Response does not match ${pointer}:\n${this.ajv.errorsText(validate.errors, { separator: '\n' })}\n` +
          `body: ${JSON.stringify(body).slice(0, 2000)}`,
      );
    }
  }

  private pointer(path: string, method: string, status: number, mediaType: string): string {
    return [
      '',
      'paths',
      path,
      method.toLowerCase(),
      'responses',
      String(status),
      'content',
      mediaType,
      'schema',
    ]
      .map((segment, index) => (index === 0 ? '' : pointerEscape(segment)))
      .join('/');
  }

  /**
   * The pointer with every `$ref` met on the way down replaced by its target (responses are often
   * `$ref: '#/components/responses/400'`, which Ajv would not follow mid-pointer); undefined when
   * nothing is there.
   */
  private canonical(pointer: string): string | undefined {
    let node: unknown = this.document;
    let resolved = '';
    for (const raw of pointer.split('/').slice(1)) {
      const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (typeof node !== 'object' || node === null) return undefined;
      node = (node as Record<string, unknown>)[segment];
      resolved += `/${raw}`;
      while (typeof node === 'object' && node !== null && '$ref' in node && typeof node.$ref === 'string') {
        if (resolved.endsWith('/schema')) break; // schema-level refs are Ajv's to follow
        resolved = node.$ref.slice(1);
        node = this.lookup(resolved);
      }
    }
    return node === undefined ? undefined : resolved;
  }

  private lookup(pointer: string): unknown {
    let node: unknown = this.document;
    for (const raw of pointer.split('/').slice(1)) {
      if (typeof node !== 'object' || node === null) return undefined;
      node = (node as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    return node;
  }
}

/**
 * Validates against a JSON Schema file of ours (written from the vendor reference where the
 * vendor's own files say nothing). Definitions are addressed as `#/definitions/<name>` or `$defs`.
 */
export class JsonSchemaValidator {
  private readonly ajv = newAjv();
  private readonly id: string;

  constructor(relativePath: string) {
    this.id = `https://specs.invalid/${relativePath}`;
    this.ajv.addSchema(loadSpec(relativePath), this.id);
  }

  assert(pointer: string, body: unknown): void {
    const validate =
      this.ajv.getSchema(`${this.id}#${pointer}`) ?? this.ajv.compile({ $ref: `${this.id}#${pointer}` });
    if (!validate(body)) {
      throw new Error(
        `Body does not match ${pointer}:\n${this.ajv.errorsText(validate.errors, { separator: '\n' })}\n` +
          `body: ${JSON.stringify(body).slice(0, 2000)}`,
      );
    }
  }
}

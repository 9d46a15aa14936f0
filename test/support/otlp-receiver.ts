import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real OTLP/HTTP trace receiver on loopback, as a collector would be: it takes the exporter's
 * POSTs to /v1/traces in either protocol (protobuf or JSON, by content type), decodes them and
 * keeps every span, with its parent, links, events and attributes, for a test to read.
 */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** '' for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client. */
  kind: number;
  attributes: Record<string, unknown>;
  events: { name: string; attributes: Record<string, unknown> }[];
  links: { traceId: string; spanId: string }[];
  /** OTLP's status code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  serviceName: unknown;
}

export interface OtlpReceiver {
  /** The base URL, for OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly url: string;
  readonly spans: ReceivedSpan[];
  /** Content types of the exports received, in order. */
  readonly contentTypes: string[];
  /** Headers of the last export. */
  lastHeaders: Record<string, string | string[] | undefined>;
  /** Resolves once `condition` holds of the spans received; rejects with what arrived after `timeoutMs`. */
  until(condition: (spans: ReceivedSpan[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** On `port` when given: a collector coming back where the gateway was failing to reach one. */
export async function startOtlpReceiver(port = 0): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const contentTypes: string[] = [];
  const waiters = new Set<() => void>();
  const receiver = {
    url: '',
    spans,
    contentTypes,
    lastHeaders: {} as Record<string, string | string[] | undefined>,
    until(condition: (spans: ReceivedSpan[]) => boolean, timeoutMs = 10_000) {
      if (condition(spans)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          const names = spans.map((span) => span.name).join(', ');
          reject(new Error(`the spans expected did not arrive; received: ${names || 'none'}`));
        }, timeoutMs);
        const check = () => {
          if (!condition(spans)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      });
    },
    close: () => closeServer(server),
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const contentType = request.headers['content-type'] ?? '';
      // A query is the collector's (some take a key there): the path is what names the signal.
      if (request.method !== 'POST' || request.url?.split('?')[0] !== '/v1/traces') {
        response.writeHead(404).end();
        return;
      }
      contentTypes.push(contentType);
      receiver.lastHeaders = request.headers;
      const json = contentType.includes('json');
      spans.push(...(json ? spansFromJson(body) : spansFromProtobuf(body)));
      response.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      response.end(json ? '{}' : Buffer.alloc(0));
      for (const waiter of [...waiters]) waiter();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

// ---- OTLP/JSON (ids in hex, as the OTLP specification says for JSON) ----

interface JsonKeyValue {
  key: string;
  value: Record<string, unknown>;
}

const jsonValue = (value: Record<string, unknown>): unknown => {
  if ('intValue' in value) return Number(value.intValue);
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('doubleValue' in value) return value.doubleValue;
  return value;
};

const jsonAttributes = (list: JsonKeyValue[] = []) =>
  Object.fromEntries(list.map(({ key, value }) => [key, jsonValue(value)]));

function spansFromJson(body: Buffer): ReceivedSpan[] {
  const request = JSON.parse(body.toString('utf8')) as {
    resourceSpans: {
      resource?: { attributes?: JsonKeyValue[] };
      scopeSpans: { spans: Record<string, unknown>[] }[];
    }[];
  };
  return request.resourceSpans.flatMap((resourceSpans) => {
    const serviceName = jsonAttributes(resourceSpans.resource?.attributes)['service.name'];
    return resourceSpans.scopeSpans.flatMap((scope) =>
      scope.spans.map((span): ReceivedSpan => ({
        traceId: span.traceId as string,
        spanId: span.spanId as string,
        parentSpanId: (span.parentSpanId as string | undefined) ?? '',
        name: span.name as string,
        kind: span.kind as number,
        attributes: jsonAttributes(span.attributes as JsonKeyValue[]),
        events: ((span.events as { name: string; attributes?: JsonKeyValue[] }[] | undefined) ?? []).map(
          (event) => ({ name: event.name, attributes: jsonAttributes(event.attributes) }),
        ),
        links: ((span.links as { traceId: string; spanId: string }[] | undefined) ?? []).map((link) => ({
          traceId: link.traceId,
          spanId: link.spanId,
        })),
        statusCode: (span.status as { code?: number } | undefined)?.code ?? 0,
        serviceName,
      })),
    );
  });
}

// ---- OTLP/protobuf: the wire format read by hand, for the fields above only ----

/** One protobuf field: its number and its value (a varint, fixed bits or the bytes of a length-delimited field). */
interface Field {
  number: number;
  varint?: bigint;
  bytes?: Buffer;
}

function fieldsOf(buffer: Buffer): Field[] {
  const fields: Field[] = [];
  let offset = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = buffer[offset++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (offset < buffer.length) {
    const key = Number(varint());
    const number = key >> 3;
    const wireType = key & 7;
    if (wireType === 0) fields.push({ number, varint: varint() });
    else if (wireType === 1) {
      fields.push({ number, bytes: buffer.subarray(offset, offset + 8) });
      offset += 8;
    } else if (wireType === 2) {
      const length = Number(varint());
      fields.push({ number, bytes: buffer.subarray(offset, offset + length) });
      offset += length;
    } else if (wireType === 5) {
      fields.push({ number, bytes: buffer.subarray(offset, offset + 4) });
      offset += 4;
    } else throw new Error(`protobuf wire type ${wireType} is not expected in OTLP traces`);
  }
  return fields;
}

const all = (fields: Field[], number: number) => fields.filter((field) => field.number === number);
const one = (fields: Field[], number: number) => fields.find((field) => field.number === number);
const text = (field: Field | undefined) => field?.bytes?.toString('utf8') ?? '';
const hex = (field: Field | undefined) => field?.bytes?.toString('hex') ?? '';

/** AnyValue: 1 string, 2 bool, 3 int, 4 double. */
function anyValue(bytes: Buffer | undefined): unknown {
  const fields = fieldsOf(bytes ?? Buffer.alloc(0));
  const field = fields[0];
  if (!field) return undefined;
  if (field.number === 1) return text(field);
  if (field.number === 2) return field.varint === 1n;
  if (field.number === 3) return Number(BigInt.asIntN(64, field.varint ?? 0n));
  if (field.number === 4) return field.bytes?.readDoubleLE(0);
  return field.bytes;
}

/** KeyValue: 1 key, 2 value. */
const protobufAttributes = (fields: Field[]) =>
  Object.fromEntries(
    fields.map((field) => {
      const keyValue = fieldsOf(field.bytes!);
      return [text(one(keyValue, 1)), anyValue(one(keyValue, 2)?.bytes)];
    }),
  );

/**
 * ExportTraceServiceRequest (1: ResourceSpans) → ResourceSpans (1: Resource, 2: ScopeSpans) →
 * ScopeSpans (2: Span) → Span (1 trace_id, 2 span_id, 4 parent_span_id, 5 name, 6 kind,
 * 9 attributes, 11 events, 13 links, 15 status).
 */
function spansFromProtobuf(body: Buffer): ReceivedSpan[] {
  return all(fieldsOf(body), 1).flatMap((resourceSpans) => {
    const resourceFields = fieldsOf(resourceSpans.bytes!);
    const resource = fieldsOf(one(resourceFields, 1)?.bytes ?? Buffer.alloc(0));
    const serviceName = protobufAttributes(all(resource, 1))['service.name'];
    return all(resourceFields, 2).flatMap((scopeSpans) =>
      all(fieldsOf(scopeSpans.bytes!), 2).map((spanField): ReceivedSpan => {
        const span = fieldsOf(spanField.bytes!);
        const status = fieldsOf(one(span, 15)?.bytes ?? Buffer.alloc(0));
        return {
          traceId: hex(one(span, 1)),
          spanId: hex(one(span, 2)),
          parentSpanId: hex(one(span, 4)),
          name: text(one(span, 5)),
          kind: Number(one(span, 6)?.varint ?? 0n),
          attributes: protobufAttributes(all(span, 9)),
          events: all(span, 11).map((eventField) => {
            const event = fieldsOf(eventField.bytes!);
            return { name: text(one(event, 2)), attributes: protobufAttributes(all(event, 3)) };
          }),
          links: all(span, 13).map((linkField) => {
            const link = fieldsOf(linkField.bytes!);
            return { traceId: hex(one(link, 1)), spanId: hex(one(link, 2)) };
          }),
          statusCode: Number(one(status, 3)?.varint ?? 0n),
          serviceName,
        };
      }),
    );
  });
}

/** The children of `parent` among `spans`. */
export const childrenOf = (spans: readonly ReceivedSpan[], parent: ReceivedSpan) =>
  spans.filter((span) => span.traceId === parent.traceId && span.parentSpanId === parent.spanId);

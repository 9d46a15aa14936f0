import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import { capturingLogger } from '../support/log-capture.ts';
import { startOtlpReceiver } from '../support/otlp-receiver.ts';
import { waitFor } from '../support/wait.ts';

/**
 * A collector that is down or silent costs the gateway's clients nothing, says so once in the
 * logs, and never holds a shutdown past its grace (docs/OPERATIONS.md, Traces). Real loopback
 * sockets: a port nobody listens on (refused), and one that takes connections and never answers.
 */
const WARN = 40;
const INFO = 30;

/** A loopback port that was free a moment ago and is closed now: connecting to it is refused. */
async function refusingPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Takes every connection and reads what comes, answering nothing. */
async function silentCollector(): Promise<{
  url: string;
  connections: () => number;
  close(): Promise<void>;
}> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createTcpServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.resume();
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const port = await refusingPort();
const collector = await silentCollector();
afterAll(() => collector.close());

describe('a collector that refuses connections', () => {
  const logs = capturingLogger('debug');
  const gateway = useGateway({
    providers: ['fleetio'],
    imports: 1,
    log: logs.log,
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}?api_key=COLLECTOR-KEY`,
      OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=HEADER-KEY',
      OTEL_BSP_SCHEDULE_DELAY: '20',
      OTEL_EXPORTER_OTLP_TIMEOUT: '200',
    },
  });

  it('is warned about once, then once more when it takes spans again, and clients see nothing of it', async () => {
    const lost = () => logs.entries().filter((entry) => entry.msg === 'OpenTelemetry: a batch not exported');
    await waitFor('three batches lost', async () => {
      const answer = await gateway.graphql('query WhileDown { providers { provider } }');
      expect(answer.errors).toBeUndefined();
      return lost().length >= 3;
    });
    const warnings = logs.entries().filter((entry) => entry.level === WARN);
    expect(warnings.map((entry) => entry.msg)).toEqual([
      'tracing: the collector did not take a batch of spans; said once until it does again',
    ]);
    expect(String(warnings[0]!.reason)).toMatch(/ECONNREFUSED|export failed/);
    // The collector comes back on the same port.
    const receiver = await startOtlpReceiver(port);
    try {
      await waitFor('spans taken again', async () => {
        await gateway.graphql('query BackUp { providers { provider } }');
        return receiver.spans.some((span) => span.name === 'query BackUp');
      });
      const recovered = logs
        .entries()
        .filter((entry) => entry.msg === 'tracing: the collector takes spans again');
      expect(recovered).toHaveLength(1);
      expect(recovered[0]!.level).toBe(INFO);
      expect(recovered[0]!.failedBatches).toBeGreaterThanOrEqual(3);
      expect(receiver.lastHeaders['x-api-key']).toBe('HEADER-KEY');
    } finally {
      await receiver.close();
    }
    // Down again at shutdown: the last spans are lost, and the shutdown says so.
    await gateway.graphql('query AtShutdown { providers { provider } }');
    await gateway.gateway.close(2_000);
    expect(
      logs
        .entries()
        .filter((entry) => entry.level === WARN)
        .map((entry) => entry.msg),
    ).toContain('spans not all exported at shutdown (failed)');
    // Neither key is in any line the gateway wrote.
    const written = JSON.stringify(logs.entries());
    expect(written).not.toContain('COLLECTOR-KEY');
    expect(written).not.toContain('HEADER-KEY');
  });
});

describe('a collector that never answers', () => {
  const logs = capturingLogger('debug');
  const gateway = useGateway({
    providers: ['fleetio'],
    imports: 1,
    log: logs.log,
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      // Nothing is sent before the shutdown, and an export would wait ten minutes for an answer.
      OTEL_BSP_SCHEDULE_DELAY: '600000',
      OTEL_EXPORTER_OTLP_TIMEOUT: '600000',
    },
  });

  it('does not hold the shutdown past its grace: the spans are given up, with a warn line', async () => {
    const answer = await gateway.graphql('query Unsent { providers { provider } }');
    expect(answer.errors).toBeUndefined();
    await gateway.gateway.close(300);
    expect(collector.connections()).toBeGreaterThan(0);
    expect(
      logs
        .entries()
        .filter((entry) => entry.level === WARN)
        .map((entry) => entry.msg),
    ).toEqual(['spans not all exported at shutdown (late)']);
  });
});

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A job as the fourth vendor's API writes it. */
export interface FourthJob {
  id: string;
  state: 'queued' | 'running' | 'done';
  rows: number;
  processed: number;
  created_at: string;
  updated_at: string;
}

/**
 * A vendor no gateway file knows, on loopback: `GET /v1/jobs` (every job) and `GET /v1/jobs/{id}`,
 * behind a bearer token. The test changes its jobs in process; the gateway reads them over HTTP.
 */
export class FourthSimulator {
  readonly jobs = new Map<string, FourthJob>();
  /** Requests served, by `METHOD path-pattern`. */
  readonly requests = new Map<string, number>();

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    readonly token: string,
  ) {}

  static async start(token: string): Promise<FourthSimulator> {
    const server = createServer();
    const simulator = new FourthSimulator(server, token);
    server.on('request', (request: IncomingMessage, response: ServerResponse) =>
      simulator.serve(request, response),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return simulator;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  add(job: Omit<FourthJob, 'updated_at'>): FourthJob {
    const added = { ...job, updated_at: job.created_at };
    this.jobs.set(job.id, added);
    return added;
  }

  update(id: string, change: Pick<FourthJob, 'state' | 'processed'>, at: Date): void {
    const job = this.jobs.get(id);
    if (!job) throw new Error(`no job ${id}`);
    this.jobs.set(id, { ...job, ...change, updated_at: at.toISOString() });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private serve(request: IncomingMessage, response: ServerResponse): void {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.headers.authorization !== `Bearer ${this.token}`) return send(401, { error: 'unauthorized' });
    const path = new URL(request.url ?? '/', this.url).pathname;
    const one = /^\/v1\/jobs\/([^/]+)$/.exec(path);
    const route =
      request.method !== 'GET' ? '' : path === '/v1/jobs' ? '/v1/jobs' : one ? '/v1/jobs/{id}' : '';
    if (!route) return send(404, { error: 'no such route' });
    const key = `GET ${route}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    if (!one) return send(200, { jobs: [...this.jobs.values()] });
    const job = this.jobs.get(decodeURIComponent(one[1]!));
    return job ? send(200, { job }) : send(404, { error: 'no such job' });
  }
}

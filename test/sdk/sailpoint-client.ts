/** A job as the simulator's ground truth (`GET /__sim/imports`) writes it. */
export interface TruthJob {
  jobId: string;
  status: string;
  type: string;
  created: string;
  completed?: string;
}

/** An sp-config export document (the spec's sample import file shape). */
export const exportFile = (objects: { type: string; id: string; name: string }[]) =>
  new File(
    [
      JSON.stringify({
        version: 1,
        tenant: 'acme-sb',
        objects: objects.map((self) => ({ version: 1, self, object: { name: self.name } })),
      }),
    ],
    'export.json',
    { type: 'application/json' },
  );

/** What the SDK rejects with on a non-2xx answer: axios's error, read by shape (axios is its dependency). */
export interface SdkHttpError {
  isAxiosError: true;
  response: { status: number; data: unknown };
}

export async function httpError(call: Promise<unknown>): Promise<SdkHttpError> {
  const error = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if ((error as Partial<SdkHttpError> | undefined)?.isAxiosError !== true) {
    throw new Error(`expected an HTTP error from the SDK, got ${String(error)}`);
  }
  return error as SdkHttpError;
}

import { retryHintOf } from '../errors.ts';
import type { ImportSourceStatusResolvers } from '../resolvers.generated.ts';

/**
 * A failed provider's error in the data, as its entry in the response's `errors` tells it (the
 * same code, message and retry hint), so a screen can show it beside the provider it concerns.
 */
export const ImportSourceStatus: ImportSourceStatusResolvers = {
  error: ({ failure }) => {
    if (!failure) return null;
    const { code, retryable, retryAfterSeconds } = retryHintOf(failure);
    return { code, message: failure.message, retryable, retryAfterSeconds: retryAfterSeconds ?? null };
  },
};

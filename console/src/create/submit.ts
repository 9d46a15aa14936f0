import { CombinedGraphQLErrors, ServerError, type ApolloClient } from '@apollo/client';
import {
  CreateImportDocument,
  type CreateImportInput,
  type ImportRowFragment,
} from '../../../examples/client/generated/graphql.ts';
import { h } from '../dom.ts';
import { randomId } from '../random-id.ts';
import { fieldOfPath, retryHint, type Problem } from './form-feedback.ts';

/**
 * One idempotency key per submission: made when the form is first sent, the same for a retry of
 * the same inputs (so a retry answers the imports the first call made), a new one once they change.
 */
export class SubmissionKey {
  private current: string | undefined;
  forSubmit(): string {
    this.current ??= randomId();
    return this.current;
  }
  /** The inputs changed: the next submission is another one. */
  reset(): void {
    this.current = undefined;
  }
}

export interface CreationOutcome {
  /** The imports created (also alongside problems, when a split failed part way). */
  imports: ImportRowFragment[];
  problems: Problem[];
  hint?: string;
}

export async function sendCreateImport(
  apollo: ApolloClient,
  input: CreateImportInput,
): Promise<CreationOutcome> {
  let result;
  try {
    result = await apollo.mutate({
      mutation: CreateImportDocument,
      variables: { input },
      errorPolicy: 'all',
    });
  } catch (error) {
    return failed(error);
  }
  const payload = result.data?.createImport;
  if (!payload) return failed(result.error);
  const problems = payload.userErrors.map((userError) => ({
    field: fieldOfPath(userError.field),
    message: userError.message,
  }));
  const first = payload.userErrors[0];
  return { imports: payload.imports, problems, hint: first ? retryHint(first) : undefined };
}

/** A request that failed as a whole: the gateway's words, never a stack trace. */
function failed(error: unknown): CreationOutcome {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    const retryable = first?.extensions?.retryable === true;
    const after = first?.extensions?.retryAfterSeconds;
    return {
      imports: [],
      problems: error.errors.map((entry) => ({ message: entry.message })),
      hint: retryHint({ retryable, retryAfterSeconds: typeof after === 'number' ? after : undefined }),
    };
  }
  if (ServerError.is(error) && error.statusCode === 413)
    return {
      imports: [],
      problems: [
        { field: 'inputs', message: 'The gateway refused the request as too large: split the file.' },
      ],
    };
  const message = error instanceof Error ? error.message : 'no answer';
  return {
    imports: [],
    problems: [{ message: `The gateway could not be reached (${message}).` }],
    hint: retryHint({ retryable: true }),
  };
}

/**
 * A creation form: the error summary first, then the fields, what will be sent, and the button.
 * Any change of the inputs makes another submission, with its own idempotency key; a submission
 * sent again unchanged (a retry, a second click) keeps its key, so the gateway creates it once.
 */
export function creationForm(options: {
  summary: HTMLElement;
  fields: readonly { element: HTMLElement }[];
  preview: HTMLElement;
  submit: HTMLButtonElement;
  key: SubmissionKey;
  onSubmit: () => Promise<void>;
}): HTMLFormElement {
  const { key } = options;
  const form = h(
    'form',
    { class: 'create-form', novalidate: true, 'aria-labelledby': 'create-heading' },
    options.summary,
    options.fields.map((each) => each.element),
    options.preview,
    h('div', { class: 'form-actions' }, options.submit),
  );
  form.addEventListener('input', () => key.reset());
  form.addEventListener('change', () => key.reset());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void options.onSubmit();
  });
  return form;
}

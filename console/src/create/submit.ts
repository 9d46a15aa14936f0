import { CombinedGraphQLErrors, ServerError, type ApolloClient } from '@apollo/client';
import {
  CreateImportDocument,
  type CreateImportInput,
  type ImportRowFragment,
} from '../../../examples/client/generated/graphql.ts';
import { h } from '../dom.ts';
import { randomId } from '../random-id.ts';
import { errorPresenter, fieldOfPath, retryHint, type Field, type Problem } from './form-feedback.ts';

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
 * On submit, `prepare` checks the fields and answers the input to send (or the problems to show);
 * the button is disabled until the gateway answered, so a second click sends nothing. Any change
 * of the inputs makes another submission, with its own idempotency key; a submission sent again
 * unchanged (a retry after a failure) keeps its key, so the gateway creates it once.
 */
export function creationForm(options: {
  apollo: ApolloClient;
  fields: Field[];
  preview: HTMLElement;
  prepare: () => Omit<CreateImportInput, 'idempotencyKey'> | Problem[];
  onCreated: (outcome: CreationOutcome) => void;
}): { form: HTMLFormElement; errors: ReturnType<typeof errorPresenter> } {
  const key = new SubmissionKey();
  const summary = h('div', { role: 'alert' });
  const errors = errorPresenter(summary, options.fields);
  const submit = h('button', { type: 'submit' }, 'Create import');
  const form = h(
    'form',
    { class: 'create-form', novalidate: true, 'aria-labelledby': 'create-heading' },
    summary,
    options.fields.map((each) => each.element),
    options.preview,
    h('div', { class: 'form-actions' }, submit),
  );
  form.addEventListener('input', () => key.reset());
  form.addEventListener('change', () => key.reset());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send();
  });

  async function send(): Promise<void> {
    if (submit.disabled) return;
    const input = options.prepare();
    if (Array.isArray(input)) return errors.show(input);
    errors.clear();
    submit.disabled = true;
    submit.textContent = 'Creating…';
    try {
      const outcome = await sendCreateImport(options.apollo, { ...input, idempotencyKey: key.forSubmit() });
      if (outcome.problems.length > 0) errors.show(outcome.problems, outcome.hint);
      if (outcome.imports.length > 0) options.onCreated(outcome);
    } finally {
      submit.disabled = false;
      submit.textContent = 'Create import';
    }
  }

  return { form, errors };
}

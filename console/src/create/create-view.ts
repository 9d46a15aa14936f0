import type { ImportRowFragment } from '../../../examples/client/generated/graphql.ts';
import type { ConsoleContext, ConsoleView } from '../context.ts';
import { h, replaceChildren } from '../dom.ts';
import { searchOf, type ConsoleRoute, type CreatableProvider } from '../route.ts';
import { commerceLayerForm } from './commerce-layer-form.ts';
import { sailPointForm } from './sailpoint-form.ts';
import type { CreationOutcome } from './submit.ts';
import { statusWord, vendorName } from '../words.ts';

type CreateRoute = Extract<ConsoleRoute, { view: 'create' }>;

const CREATABLE: readonly CreatableProvider[] = ['COMMERCE_LAYER', 'SAILPOINT'];

/** The creation form of one vendor, with a switch to the other's. */
export function showCreate(context: ConsoleContext, route: CreateRoute): ConsoleView {
  const result = h('section', {
    class: 'create-result',
    tabindex: -1,
    'aria-labelledby': 'create-result-heading',
    hidden: true,
  });
  const onCreated = (outcome: CreationOutcome) => {
    const [only] = outcome.imports;
    if (outcome.imports.length === 1 && only && outcome.problems.length === 0) {
      context.announce(`${vendorName(route.provider)} import created.`);
      context.navigate({ view: 'detail', id: only.id, filters: route.filters });
      return;
    }
    showCreated(result, route, outcome.imports);
    context.announce(`${outcome.imports.length} imports created.`);
    // With problems too (a split that failed part way), the error summary keeps the focus.
    if (outcome.problems.length === 0) result.focus();
  };
  const form =
    route.provider === 'SAILPOINT'
      ? sailPointForm(context, onCreated)
      : commerceLayerForm(context, onCreated);
  const element = h(
    'section',
    { class: 'create-view' },
    h('h1', { id: 'create-heading' }, `New ${vendorName(route.provider)} import`),
    h(
      'nav',
      { class: 'vendor-switch', 'aria-label': 'Vendor' },
      CREATABLE.map((provider) =>
        h(
          'a',
          {
            href: `/console${searchOf({ ...route, provider })}`,
            'aria-current': provider === route.provider ? 'page' : null,
          },
          vendorName(provider),
        ),
      ),
    ),
    form,
    result,
  );
  return { element, dispose() {} };
}

/** Several imports made by one submission: the parts of a split, shown together with links. */
function showCreated(result: HTMLElement, route: CreateRoute, imports: ImportRowFragment[]): void {
  const group = imports[0]?.group;
  const detailHref = (id: string) => `/console${searchOf({ view: 'detail', id, filters: route.filters })}`;
  replaceChildren(
    result,
    h(
      'h2',
      { id: 'create-result-heading' },
      group ? `Created: ${group.parts} parts` : `Created ${imports.length} imports`,
    ),
    group
      ? h(
          'p',
          null,
          `One split import (group ${group.id}). `,
          h(
            'a',
            {
              href: `/console${searchOf({ view: 'list', filters: { ...route.filters, groupId: group.id } })}`,
            },
            'Show the group in the list',
          ),
        )
      : null,
    h(
      'ul',
      { class: 'created-parts' },
      imports.map((created) =>
        h(
          'li',
          null,
          h(
            'a',
            { href: detailHref(created.id) },
            created.group ? `Part ${created.group.part} of ${created.group.parts}` : created.providerId,
          ),
          ` — ${statusWord(created.status)}, ${inputsLabel(created.counts.total)}`,
        ),
      ),
    ),
  );
  result.hidden = false;
}

const inputsLabel = (total: number | null) =>
  total === null ? 'inputs not counted yet' : `${total.toLocaleString()} ${total === 1 ? 'input' : 'inputs'}`;

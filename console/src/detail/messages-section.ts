import type { ImportMessageSeverity } from '../../../examples/client/generated/graphql.ts';
import { h, replaceChildren } from '../dom.ts';
import { SEVERITIES } from '../route.ts';
import { severityWord } from '../words.ts';
import type { DetailedImport } from './import-fields.ts';

export { SEVERITIES };

/**
 * What the vendor reported: one list per severity filter (the checkboxes), a page at a time.
 * The controls stay put while the list under them is redrawn.
 */
export function messagesSection(options: {
  /** The severities shown at first (from the URL); undefined for all. */
  initial?: readonly ImportMessageSeverity[];
  onSeverities: (severities: ImportMessageSeverity[]) => void;
  onLoadMore: () => Promise<void>;
}) {
  const boxes = SEVERITIES.map((severity) =>
    h('input', {
      type: 'checkbox',
      checked: !options.initial || options.initial.includes(severity),
      id: `severity-${severity}`,
      value: severity,
    }),
  );
  const filter = h(
    'fieldset',
    { class: 'severity-filter' },
    h('legend', null, 'Show'),
    boxes.map((box) =>
      h('span', { class: 'checkbox-field' }, box, h('label', { for: box.id }, severityWord(box.value))),
    ),
  );
  // Not a live region: a running import's messages keep growing; the view announces a change of
  // severities instead.
  const summary = h('p', { class: 'help' });
  const list = h('ol', { class: 'messages' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Load more messages');
  const element = h(
    'section',
    { class: 'detail-section', 'aria-labelledby': 'messages-heading' },
    h('h2', { id: 'messages-heading' }, 'Messages'),
    filter,
    summary,
    list,
    more,
  );
  let noneChosen = false;
  filter.addEventListener('change', () => {
    const chosen = boxes.filter((box) => box.checked).map((box) => box.value as ImportMessageSeverity);
    noneChosen = chosen.length === 0;
    if (noneChosen) {
      replaceChildren(summary, 'Choose at least one severity to see messages.');
      replaceChildren(list);
      more.hidden = true;
      return;
    }
    options.onSeverities(chosen);
  });
  more.addEventListener('click', () => void loadMore());
  async function loadMore(): Promise<void> {
    more.disabled = true;
    more.textContent = 'Loading…';
    try {
      await options.onLoadMore();
    } finally {
      more.disabled = false;
      more.textContent = 'Load more messages';
    }
  }

  return {
    element,
    render(messages: DetailedImport['messages']) {
      if (noneChosen) return;
      if (!messages.available) {
        replaceChildren(summary, `Messages are not available. ${reason(messages.unavailableReason)}`);
        replaceChildren(list);
        more.hidden = true;
        return;
      }
      const shown = messages.edges.length;
      replaceChildren(
        summary,
        shown === 0
          ? 'No messages.'
          : messages.totalCount !== null
            ? `${shown} of ${messages.totalCount} shown.`
            : `${shown} shown.`,
      );
      replaceChildren(
        list,
        messages.edges.map(({ node }) => messageItem(node)),
      );
      more.hidden = !messages.pageInfo.hasNextPage;
    },
  };
}

type Message = DetailedImport['messages']['edges'][number]['node'];

function messageItem(message: Message): HTMLElement {
  const where = [
    message.rowNumber !== null ? `row ${message.rowNumber}` : null,
    message.field ? `field ${message.field}` : null,
    message.subject ? `input ${message.subject}` : null,
    message.recordId && message.recordId !== message.subject
      ? `${message.recordType ?? 'record'} ${message.recordId}`
      : null,
  ].filter(Boolean);
  return h(
    'li',
    { class: 'message', 'data-severity': message.severity },
    h('span', { class: 'severity' }, severityWord(message.severity)),
    message.code ? h('code', null, message.code) : null,
    h('span', { class: 'message-text' }, message.text),
    where.length > 0 ? h('span', { class: 'message-where help' }, where.join(' · ')) : null,
  );
}

/** A reason as a sentence of its own: a capital first, one full stop at the end. */
export function reason(text: string | null): string {
  const sentence = (text ?? 'The vendor does not say why').trim().replace(/[.\s]+$/, '');
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

/**
 * The imports screen in a terminal, with the example client kit: `npm start` in one shell (demo
 * mode), then `npm run example:client` in another. Prints the first pages of the list (count,
 * missing vendors, one line per import), then with `--follow` every change until Ctrl-C.
 *
 *   npm run example:client -- [--url http://127.0.0.1:4000] [--pages 2] [--follow] [--persisted]
 */
import { parseArgs } from 'node:util';
import { filter, firstValueFrom } from 'rxjs';
import WebSocket from 'ws';
import { createImportsClient } from './client.ts';
import type { ImportRowFragment } from './generated/graphql.ts';
import { countLabel, loadMore, sourceNotices, watchImports } from './list.ts';
import { followImportsChanged } from './live.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:4000' },
    pages: { type: 'string', default: '1' },
    follow: { type: 'boolean', default: false },
    persisted: { type: 'boolean', default: false },
  },
});
const pages = Number(values.pages);
if (!Number.isInteger(pages) || pages < 1) {
  process.stderr.write(`--pages takes a whole number of at least 1, got "${values.pages}".\n`);
  process.exit(2);
}

const row = (item: ImportRowFragment) =>
  [item.createdAt, item.provider.padEnd(14), item.status.padEnd(19), item.resourceType ?? '-', item.id].join(
    '  ',
  );

// Node 20 has no global WebSocket: `ws` stands in for the browser's.
const kit = createImportsClient({
  url: values.url,
  webSocketImpl: WebSocket,
  persistedDocuments: values.persisted,
});
const list = watchImports(kit.apollo, { first: 5 });
const first = await firstValueFrom(list.pipe(filter((result) => !result.loading)));
if (first.dataState !== 'complete') {
  process.stderr.write(`The gateway at ${values.url} did not answer: ${first.error?.message ?? 'no data'}\n`);
  await kit.dispose();
  process.exit(1);
}
for (let page = 1; page < pages && (await loadMore(list)); page++);
const { data, error } = list.getCurrentResult();
const imports = data?.imports;
if (error) process.stdout.write(`errors: ${error.message}\n`);
if (imports?.totalCount != null && imports.totalCountPrecision)
  process.stdout.write(`${countLabel(imports.totalCount, imports.totalCountPrecision)}\n`);
for (const notice of sourceNotices(first.data.imports.sources)) process.stdout.write(`${notice}\n`);
for (const edge of imports?.edges ?? [])
  if (edge?.node) process.stdout.write(`${row(edge.node as ImportRowFragment)}\n`);

if (!values.follow) {
  await kit.dispose();
} else {
  const follower = followImportsChanged(kit.apollo, {
    onChange: (change) =>
      process.stdout.write(`${change.occurredAt}  ${change.kind.padEnd(7)}  ${row(change.import)}\n`),
    onError: (failure) => process.stderr.write(`importsChanged: ${failure.message}\n`),
  });
  process.once('SIGINT', () => {
    follower.stop();
    void kit.dispose();
  });
}

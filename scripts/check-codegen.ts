/**
 * Fails when src/graphql/resolvers.generated.ts or the printed schema.graphql is not what codegen
 * makes of schema/ now, the files made from VENDORS (scripts/vendor-codegen.ts) are not what it
 * makes of them, or the example client's typed documents and persisted manifest
 * (examples/client/generated/) are not what the client preset makes of its documents, so a schema,
 * vendor or document change cannot land without its regenerated files.
 */
import { failWith, generateFiles, readGeneratedFile } from './codegen.ts';

const stale = (await generateFiles().catch(failWith)).filter(
  (file) => readGeneratedFile(file) !== file.content,
);
if (stale.length > 0) {
  process.stderr.write(
    `Generated files are stale: ${stale.map((file) => file.filename).join(', ')}. Run \`npm run codegen\`.\n`,
  );
  process.exit(1);
}
process.stdout.write('Generated files are up to date.\n');

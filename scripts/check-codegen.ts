/**
 * Fails when src/graphql/resolvers.generated.ts is not what codegen makes of schema/ now, so a
 * schema change cannot land without its regenerated types.
 */
import { readFileSync } from 'node:fs';
import { generate } from '@graphql-codegen/cli';
import { parse } from 'yaml';

type CodegenConfig = Extract<Parameters<typeof generate>[0], { generates: unknown }>;

const config = parse(readFileSync('codegen.yml', 'utf8')) as CodegenConfig;
const outputs = (await generate({ ...config, silent: true }, false)) as {
  filename: string;
  content: string;
}[];
const stale = outputs.filter((output) => {
  try {
    return readFileSync(output.filename, 'utf8') !== output.content;
  } catch {
    return true;
  }
});
if (stale.length > 0) {
  process.stderr.write(
    `Generated files are stale: ${stale.map((output) => output.filename).join(', ')}. Run \`npm run codegen\`.\n`,
  );
  process.exit(1);
}
process.stdout.write('Generated files are up to date.\n');

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseOptions, type ICruiseResult, type IForbiddenRuleType } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

// The layer rules as `npm run check:layers` applies them (docs/ARCHITECTURE.md, Layers), run on
// small trees that break one rule each: a rule that never fires would let its layer rot unseen.
const repository = fileURLToPath(new URL('../..', import.meta.url));
const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as {
  forbidden: IForbiddenRuleType[];
  options: { tsPreCompilationDeps: boolean };
};

async function violatedRules(baseDir: string, knownViolationsFile?: string): Promise<string[]> {
  const { output } = await cruise(['src'], {
    baseDir,
    validate: true,
    ruleSet: { forbidden: config.forbidden },
    tsPreCompilationDeps: config.options.tsPreCompilationDeps,
    doNotFollow: { path: 'node_modules' },
    ...(knownViolationsFile && {
      knownViolations: JSON.parse(
        readFileSync(knownViolationsFile, 'utf8'),
      ) as ICruiseOptions['knownViolations'],
    }),
  });
  const summary = (output as ICruiseResult).summary;
  return summary.violations
    .filter((violation) => violation.rule.severity !== 'ignore')
    .map((v) => v.rule.name);
}

describe('layer check', () => {
  it('fails the domain importing a vendor adaptor', async () => {
    const rules = await violatedRules(fileURLToPath(new URL('fixtures/upward-import', import.meta.url)));
    expect(rules).toEqual(['domain-imports-nothing-of-ours']);
  });

  it('fails a cycle made of type-only imports', async () => {
    const rules = await violatedRules(fileURLToPath(new URL('fixtures/type-cycle', import.meta.url)));
    expect(rules).toContain('no-cycles');
    expect(rules.every((rule) => rule === 'no-cycles')).toBe(true);
  });

  it('fails tracing importing a layer it traces', async () => {
    const rules = await violatedRules(fileURLToPath(new URL('fixtures/telemetry-upward', import.meta.url)));
    expect(rules).toEqual(['telemetry-imports-only-platform']);
  });

  it('fails a static import of the tracing SDK, and lets a dynamic one through', async () => {
    const rules = await violatedRules(fileURLToPath(new URL('fixtures/static-tracing-sdk', import.meta.url)));
    expect(rules).toEqual(['tracing-sdk-loaded-on-demand']);
  });

  it('fails a static import of OpenTelemetry outside the SDK folder, and lets one inside it through', async () => {
    const rules = await violatedRules(
      fileURLToPath(new URL('fixtures/static-opentelemetry', import.meta.url)),
    );
    expect(rules).toEqual(['opentelemetry-only-in-the-sdk']);
  });

  it('passes the gateway itself, apart from the recorded known violations', async () => {
    const rules = await violatedRules(repository, `${repository}.dependency-cruiser-known-violations.json`);
    expect(rules).toEqual([]);
  });
});

import type { SeededRandom } from '../core/random.ts';
import { IDENTITY_OWNERS, OBJECT_NAMES, SOURCE_TENANTS, TYPE_WEIGHTS } from './catalog.ts';
import { newObjectId } from './ids.ts';
import { formatInstant } from './wire.ts';
import { NO_OPTIONS, type ConfigObject, type ExportDocument, type ImportUpload } from './upload.ts';

/**
 * Generates plausible uploads for seeded, added and arriving jobs: an export document (shape of the
 * spec's sample import file) of a few configuration objects, and the options such an import uses.
 */
export function generateUpload(random: SeededRandom, exportedAt: number): ImportUpload {
  const size = random.weighted([
    [random.int(1, 4), 5],
    [random.int(5, 15), 3],
    [random.int(16, 40), 1],
  ]);
  const used = new Set<string>();
  const objects: ConfigObject[] = [];
  for (let index = 0; index < size * 3 && objects.length < size; index++) {
    const type = random.weighted(TYPE_WEIGHTS);
    const name = random.pick(OBJECT_NAMES[type] ?? []);
    if (used.has(`${type}/${name}`)) continue;
    used.add(`${type}/${name}`);
    objects.push({
      version: 1,
      self: { type, id: newObjectId(random), name },
      object: objectBody(random, type, name),
    });
  }
  const document: ExportDocument = {
    version: 1,
    timestamp: formatInstant(exportedAt),
    tenant: random.pick(SOURCE_TENANTS),
    description: random.chance(0.4) ? `Promote ${objects[0]!.self.name} and related config` : null,
    objects,
  };
  const types = [...new Set(objects.map(({ self }) => self.type))];
  const options = { ...NO_OPTIONS };
  if (random.chance(0.2))
    options.includeTypes = types.filter((type) => type !== 'ROLE' && type !== 'WORKFLOW');
  if (random.chance(0.3)) options.excludeBackup = true;
  if (random.chance(0.15)) options.defaultReferences = ['SOURCE'];
  return { document, options, preview: random.chance(0.1) };
}

function identity(random: SeededRandom) {
  return { type: 'IDENTITY', id: newObjectId(random), name: random.pick(IDENTITY_OWNERS) };
}

/** A minimal body per type: enough structure for references to be found and resolved. */
function objectBody(random: SeededRandom, type: string, name: string): Record<string, unknown> {
  switch (type) {
    case 'SOURCE':
      return { name, owner: identity(random), connector: 'active-directory', features: ['PROVISIONING'] };
    case 'TRANSFORM':
      return { name, type: random.pick(['lower', 'concat', 'lookup', 'e164phone']), attributes: {} };
    case 'IDENTITY_PROFILE':
      return {
        name,
        owner: identity(random),
        priority: random.int(1, 20) * 10,
        authoritativeSource: {
          type: 'SOURCE',
          id: newObjectId(random),
          name: random.pick(OBJECT_NAMES.SOURCE!),
        },
      };
    case 'TRIGGER_SUBSCRIPTION':
      return {
        name,
        type: 'HTTP',
        enabled: true,
        triggerId: 'idn:access-request-pre-approval',
        httpConfig: { url: 'https://hooks.example.com/sailpoint', httpDispatchMode: 'SYNC' },
      };
    case 'RULE':
    case 'CONNECTOR_RULE':
      return { name, type: name.split(' ')[0], sourceCode: { version: '1.0', script: 'return null;' } };
    default:
      return { name, owner: identity(random) };
  }
}

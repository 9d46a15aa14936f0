import type { ConfigObject, ExportDocument, ImportOptions, ObjectSelf } from './upload.ts';

/**
 * The tenant the simulator imports into, reduced to the two questions an import asks it: does an
 * object already exist (then it is updated, not created), and can a reference be resolved. Answers
 * are derived from the names alone, so the same document always gives the same results.
 */

/** A reference inside an exported object: `{type, id, name}` pointing at another object [S]. */
export interface ObjectReference {
  type: string;
  id: string | null;
  name: string | null;
}

export type ReferenceResolution = 'in-document' | 'default' | 'existing' | 'unresolved';

/** A name or id with this word stands for an object the target tenant does not have (simulator convention). */
const MISSING_MARKER = 'missing';

/** FNV-1a: a stable, well-spread number for a string. */
function fingerprint(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193) >>> 0;
  }
  return hash;
}

/** About a third of imported objects already exist in the target tenant and are updated. */
export function existsInTargetTenant(self: ObjectSelf): boolean {
  return fingerprint(`${self.type}:${self.id}`) % 3 === 0;
}

export function resolveReference(
  reference: ObjectReference,
  document: ExportDocument,
  options: ImportOptions,
): ReferenceResolution {
  const inDocument = document.objects.some(
    ({ self }) =>
      self.type === reference.type &&
      ((reference.id !== null && self.id === reference.id) ||
        (reference.name !== null && self.name === reference.name)),
  );
  if (inDocument) return 'in-document';
  const defaulted = options.defaultReferences.some((entry) =>
    typeof entry === 'string' ? entry === reference.type : entry.type === reference.type,
  );
  if (defaulted) return 'default';
  const names = `${reference.id ?? ''} ${reference.name ?? ''}`.toLowerCase();
  return names.includes(MISSING_MARKER) ? 'unresolved' : 'existing';
}

/** Every `{type, id|name}` object nested inside an exported object's body (not the body itself). */
export function referencesOf(object: ConfigObject): ObjectReference[] {
  const found: ObjectReference[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 8 || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    const record = value as Record<string, unknown>;
    const { type, id, name } = record;
    if (depth > 0 && typeof type === 'string' && /^[A-Z][A-Z_]+$/.test(type)) {
      if (typeof id === 'string' || typeof name === 'string') {
        found.push({
          type,
          id: typeof id === 'string' ? id : null,
          name: typeof name === 'string' ? name : null,
        });
        return;
      }
    }
    for (const child of Object.values(record)) visit(child, depth + 1);
  };
  visit(object.object, 0);
  return found;
}

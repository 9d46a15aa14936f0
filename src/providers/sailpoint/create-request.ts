import { problem, type CreateImportRequest, type InputProblem } from '../../imports/import-operations.ts';
import { foreignFieldProblems, type ForeignFields } from '../create-fields.ts';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The export document is what `GET /sp-config/export/{id}/download` gives [S]: an object whose
 * `objects` each name themselves in `self {type, id, name}`. Checked here so a file that is not an
 * export is refused before a job exists, with the place that is wrong.
 */
function documentProblems(document: unknown): InputProblem[] {
  const field = ['document'];
  if (document === undefined || document === null) {
    return [problem('BAD_USER_INPUT', 'SailPoint needs document: the sp-config export to import.', field)];
  }
  if (!isObject(document) || !Array.isArray(document.objects)) {
    return [
      problem(
        'BAD_USER_INPUT',
        'document is not an sp-config export: it is a JSON object with an `objects` array.',
        field,
      ),
    ];
  }
  for (const [index, entry] of document.objects.entries()) {
    const self = isObject(entry) ? entry.self : undefined;
    if (
      !isObject(self) ||
      typeof self.type !== 'string' ||
      self.type === '' ||
      typeof self.id !== 'string' ||
      self.id === ''
    ) {
      return [
        problem(
          'BAD_USER_INPUT',
          `document is not an sp-config export: objects[${index}] has no \`self\` with a type and an id.`,
          ['document', 'objects', String(index)],
        ),
      ];
    }
  }
  if (document.objects.length === 0) {
    return [problem('BAD_USER_INPUT', 'document holds no objects: there is nothing to import.', field)];
  }
  return [];
}

const LIST_OPTIONS = ['includeTypes', 'excludeTypes', 'defaultReferences'] as const;

/** ImportOptions [S]: lists where lists belong, an object of objects, a flag. */
function optionsProblems(options: unknown): InputProblem[] {
  if (options === undefined || options === null) return [];
  if (!isObject(options)) {
    return [problem('BAD_USER_INPUT', 'options is a JSON object (SailPoint ImportOptions).', ['options'])];
  }
  const problems: InputProblem[] = [];
  for (const name of LIST_OPTIONS) {
    const value = options[name];
    if (value !== undefined && value !== null && !Array.isArray(value)) {
      problems.push(problem('BAD_USER_INPUT', `options.${name} is a list.`, ['options', name]));
    }
  }
  for (const name of ['includeTypes', 'excludeTypes'] as const) {
    const value = options[name];
    if (Array.isArray(value) && value.some((type) => typeof type !== 'string')) {
      problems.push(
        problem('BAD_USER_INPUT', `options.${name} lists object types as strings.`, ['options', name]),
      );
    }
  }
  const objectOptions = options.objectOptions;
  if (
    objectOptions !== undefined &&
    objectOptions !== null &&
    (!isObject(objectOptions) || !Object.values(objectOptions).every(isObject))
  ) {
    problems.push(
      problem('BAD_USER_INPUT', 'options.objectOptions maps object types to {includedIds, includedNames}.', [
        'options',
        'objectOptions',
      ]),
    );
  }
  const excludeBackup = options.excludeBackup;
  if (excludeBackup !== undefined && excludeBackup !== null && typeof excludeBackup !== 'boolean') {
    problems.push(
      problem('BAD_USER_INPUT', 'options.excludeBackup is true or false.', ['options', 'excludeBackup']),
    );
  }
  return problems;
}

/** Everything wrong with a SailPoint creation that can be told without asking SailPoint. */
export function sailpointRequestProblems(
  request: CreateImportRequest,
  foreignFields: ForeignFields,
): InputProblem[] {
  return [
    ...documentProblems(request.document),
    ...optionsProblems(request.options),
    ...foreignFieldProblems(request, foreignFields),
  ];
}

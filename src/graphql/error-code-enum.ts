import { ERROR_CODES } from './error-codes.ts';

/** The schema file the enum is written to, among schema/*.graphql. */
export const ERROR_CODE_ENUM_FILE = 'gateway-error-code.generated.graphql';

/**
 * The SDL of `GatewayErrorCode`: one value per code of the one list (error-codes.ts), described by
 * its meaning, so a typed client knows every code the gateway answers. `npm run codegen` writes it
 * to schema/ and `npm run codegen:check` fails when it is stale.
 */
export function errorCodeEnumSdl(codes: readonly { code: string; meaning: string }[] = ERROR_CODES): string {
  return [
    '# Generated from ERROR_CODES (src/graphql/error-codes.ts) by `npm run codegen`. Do not edit: run `npm run codegen`.',
    '"Every code the gateway answers in `extensions.code` and `UserError.errorCode` (README, Errors)."',
    'enum GatewayErrorCode {',
    ...codes.flatMap(({ code, meaning }) => [`  ${JSON.stringify(meaning)}`, `  ${code}`]),
    '}',
    '',
  ].join('\n');
}

import type { ImportProvider } from '../../../src/imports/model.ts';
import { readCredentials, readOrigin } from '../../../src/providers/settings-values.ts';
import type { VendorModule } from '../../../src/providers/vendor-module.ts';
import { FourthSource, type FourthSettings } from './source.ts';

/**
 * A vendor outside VENDORS, in the test tree only: what a fourth vendor's folder would export.
 * `ImportProvider` is the union of the real vendors (src/imports/providers.generated.ts), so its
 * id is cast; the gateway given it enrolls it and builds its enum with the extra value.
 */
export const FOURTH: ImportProvider = 'FOURTH' as ImportProvider;

export const fourthVendor = {
  provider: FOURTH,
  label: 'Fourth Vendor',
  settings: {
    key: 'fourth',
    required: ['FOURTH_BASE_URL', 'FOURTH_API_TOKEN'],
    read({ env, problems, label }): FourthSettings | undefined {
      const keys = readCredentials(env, ['FOURTH_BASE_URL', 'FOURTH_API_TOKEN'] as const, label, problems);
      return (
        keys && {
          baseUrl: readOrigin(env, 'FOURTH_BASE_URL', keys.FOURTH_BASE_URL, problems),
          token: keys.FOURTH_API_TOKEN,
        }
      );
    },
  },
  createSource: ({ settings }) => new FourthSource(FOURTH, settings),
} satisfies VendorModule<FourthSettings>;

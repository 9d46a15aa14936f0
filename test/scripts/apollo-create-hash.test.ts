import { createHash as apolloCreateHash } from '@apollo/utils.createhash';
import { describe, expect, it } from 'vitest';
import { createHash } from '../../scripts/apollo-create-hash.ts';

describe("the bundle's stand-in for @apollo/utils.createhash", () => {
  it('hashes as the package does, for the kinds Apollo asks for', () => {
    const query = '{ imports(first: 25) { edges { node { id status } } } }';
    for (const kind of ['sha256', 'sha512']) {
      expect(createHash(kind).update(query).digest('hex')).toBe(
        apolloCreateHash(kind).update(query).digest('hex'),
      );
    }
    expect(createHash('sha256').update(query).digest('hex')).not.toBe(
      createHash('sha256').update(`${query} `).digest('hex'),
    );
  });
});

import { SeededRandom } from '../core/random.ts';

const LETTERS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'];

/**
 * Resource ids shaped like the vendor's: ten letters of mixed case (`XAyRWNUzyN` in the resource
 * schema, `PmjlkIJzRA` in the docs). Drawn from their own seeded stream, never repeated.
 */
export class ResourceIds {
  private random: SeededRandom;
  private readonly used = new Set<string>();

  constructor(private readonly seed: number) {
    this.random = new SeededRandom(seed, 'commercelayer:ids');
  }

  next(): string {
    for (;;) {
      let id = '';
      for (let index = 0; index < 10; index++) id += this.random.pick(LETTERS);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }

  /** Records an id chosen elsewhere (the control API); false when it is taken. */
  claim(id: string): boolean {
    if (this.used.has(id)) return false;
    this.used.add(id);
    return true;
  }

  reset(): void {
    this.random = new SeededRandom(this.seed, 'commercelayer:ids');
    this.used.clear();
  }
}

/** What the vendor's ids look like; anything else cannot name a record (404, never a crash). */
export function looksLikeResourceId(value: string): boolean {
  return /^[A-Za-z0-9]{1,64}$/.test(value);
}

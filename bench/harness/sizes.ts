import { NetworkSize } from '../../src/bench/generator';

/** The benchmark's two network sizes (`npm run bench`, `npm run bench:plans`). */
export const SIZES: Record<'small' | 'large', Omit<NetworkSize, 'seed'>> = {
  small: { organisations: 2_000, people: 3_000, fora: 300 },
  large: { organisations: 100_000, people: 300_000, fora: 5_000 },
};

/** One figure of `pnpm bench`, as written to test/bench/results.json. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The figure to stay under (or above, when `better` is `higher`); null when only reported. */
  target: number | null;
  better: 'lower' | 'higher';
}

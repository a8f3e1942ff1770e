// A greedy, deterministic covering array: every pair of values of two dimensions appears together.

export function pairwise(dimensions: number[][]): number[][] {
  // dimensions[d] = the variant indexes of dimension d that take part
  const k = dimensions.length;
  const key = (d1: number, v1: number, d2: number, v2: number) => `${d1}:${v1}|${d2}:${v2}`;
  const uncovered = new Set<string>();
  for (let d1 = 0; d1 < k; d1++)
    for (let d2 = d1 + 1; d2 < k; d2++)
      for (const v1 of dimensions[d1]!) for (const v2 of dimensions[d2]!) uncovered.add(key(d1, v1, d2, v2));
  const rows: number[][] = [];
  while (uncovered.size > 0) {
    const [first] = uncovered;
    const [, d1, v1, d2, v2] = /^(\d+):(\d+)\|(\d+):(\d+)$/.exec(first!)!.map(Number) as number[];
    const row: number[] = new Array<number>(k).fill(-1);
    row[d1!] = v1!;
    row[d2!] = v2!;
    for (let d = 0; d < k; d++) {
      if (row[d] !== -1) continue;
      const options = dimensions[d]!;
      let best = -1;
      let bestGain = -1;
      // Ties go to a value that rotates with the row number, so filler values spread evenly.
      for (let offset = 0; offset < options.length; offset++) {
        const value = options[(rows.length + d + offset) % options.length]!;
        let gain = 0;
        for (let other = 0; other < k; other++) {
          if (row[other] === -1 || other === d) continue;
          const pair = other < d ? key(other, row[other]!, d, value) : key(d, value, other, row[other]!);
          if (uncovered.has(pair)) gain++;
        }
        if (gain > bestGain) {
          best = value;
          bestGain = gain;
        }
      }
      row[d] = best;
    }
    for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) uncovered.delete(key(a, row[a]!, b, row[b]!));
    rows.push(row);
  }
  return rows;
}

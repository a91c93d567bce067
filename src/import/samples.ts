/**
 * The sample numbers of one model's answers to one prompt in a file. A record that names its sample
 * keeps it. The others are first matched by text against the answers already stored for that model
 * and prompt, as a multiset: sample numbers given by order of appearance depend on the order of the
 * file, so a re-import of the same answers in another order must find them stored, not conflicting.
 * The rest take the lowest numbers left, in file order (in an empty store the k-th answer is sample k);
 * a number whose slot holds another text is a conflict, as it was.
 */
export function assignSamples(
  records: ReadonlyArray<{ sample?: number | undefined; textSha256: () => string }>,
  stored: ReadonlyArray<{ sample: number; textSha256: string | null }>,
): number[] {
  const taken = new Set<number>();
  for (const r of records) if (r.sample !== undefined) taken.add(r.sample);
  const storedByText = new Map<string, number[]>();
  for (const s of stored) {
    if (s.textSha256 === null || taken.has(s.sample)) continue;
    const samples = storedByText.get(s.textSha256);
    if (samples) samples.push(s.sample);
    else storedByText.set(s.textSha256, [s.sample]);
  }
  const matched = records.map((r) => {
    if (r.sample !== undefined || storedByText.size === 0) return r.sample;
    const sample = storedByText.get(r.textSha256())?.shift();
    if (sample !== undefined) taken.add(sample);
    return sample;
  });
  let next = 0;
  return matched.map((sample) => {
    if (sample !== undefined) return sample;
    while (taken.has(next)) next++;
    taken.add(next);
    return next;
  });
}

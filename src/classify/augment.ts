/** Deterministic pseudo-random numbers (mulberry32): the same seed always trains the same model. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable 32-bit seed from a text. */
export function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Shorthand that billing staff and payer portals use, longest first so that phrases win over words. */
const ABBREVIATIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bprior authorization\b/g, 'prior auth'],
  [/\bauthorization\b/g, 'auth'],
  [/\bprecertification\b/g, 'precert'],
  [/\binformation\b/g, 'info'],
  [/\bdiagnosis\b/g, 'dx'],
  [/\bprocedure\b/g, 'proc'],
  [/\bmodifier\b/g, 'mod'],
  [/\bpatient\b/g, 'pt'],
  [/\bservice\b/g, 'svc'],
  [/\bdate of service\b/g, 'dos'],
  [/\bcoverage\b/g, 'cov'],
  [/\bprovider\b/g, 'prov'],
  [/\bnumber\b/g, '#'],
  [/\brequired\b/g, 'req'],
  [/\bmissing\b/g, 'msng'],
  [/\binvalid\b/g, 'inv'],
  [/\bmaximum\b/g, 'max'],
  [/\bcoordination of benefits\b/g, 'cob'],
  [/\bmember\b/g, 'mbr'],
  [/\bclaim\b/g, 'clm'],
];

export function abbreviate(text: string): string {
  return ABBREVIATIONS.reduce((t, [re, short]) => t.replace(re, short), text);
}

/** One keyboard slip in one longer word: a dropped, doubled or swapped letter. */
export function typo(text: string, random: () => number): string {
  const words = text.split(' ');
  const candidates = words.flatMap((w, i) => (/^[a-z]{5,}$/.test(w) ? [i] : []));
  if (candidates.length === 0) return text;
  const i = candidates[Math.floor(random() * candidates.length)]!;
  const w = words[i]!;
  const at = 1 + Math.floor(random() * (w.length - 2));
  const kind = Math.floor(random() * 3);
  words[i] =
    kind === 0
      ? w.slice(0, at) + w.slice(at + 1)
      : kind === 1
        ? w.slice(0, at) + w[at] + w.slice(at)
        : w.slice(0, at) + w[at + 1] + w[at] + w.slice(at + 2);
  return words.join(' ');
}

/** The text itself plus its shorthand and two misspelt forms, without repeats. */
export function variants(normalized: string): string[] {
  const random = prng(seedOf(normalized));
  const out = new Set([
    normalized,
    abbreviate(normalized),
    typo(normalized, random),
    typo(normalized, random),
  ]);
  return [...out];
}

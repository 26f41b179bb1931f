/**
 * The features the denial model reads from a normalised text: words, word pairs, and character
 * 3- and 4-grams inside each word (those carry typos and abbreviations to the right class).
 * Presence only: a reason is a short phrase, where counts add noise, not signal.
 */
export function features(normalized: string): string[] {
  const words = normalized.split(/[^a-z0-9#]+/).filter((w) => w.length > 0);
  const out = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    out.add(`w:${w}`);
    if (i + 1 < words.length) out.add(`b:${w} ${words[i + 1]!}`);
    const padded = ` ${w} `;
    for (const n of [3, 4]) {
      for (let j = 0; j + n <= padded.length; j++) out.add(`c:${padded.slice(j, j + n)}`);
    }
  }
  return [...out];
}

/**
 * Describes text read from an input without repeating it: its length and the kinds of character
 * in it (`8 characters: letters, spaces`). Messages and logs name what is wrong with a value this
 * way, since the value may be a patient's name or a member id.
 */
export function describeText(text: string): string {
  const kinds = new Set<string>();
  for (let i = 0; i < text.length; i++) kinds.add(kindOf(text.charCodeAt(i)));
  const list = ORDER.filter((k) => kinds.has(k));
  const n = text.length;
  return n === 0 ? 'empty' : `${n} character${n === 1 ? '' : 's'}: ${list.join(', ')}`;
}

const ORDER = [
  'upper-case letters',
  'lower-case letters',
  'digits',
  'spaces',
  'punctuation',
  'control characters',
  'other characters',
];

function kindOf(c: number): string {
  if (c >= 65 && c <= 90) return 'upper-case letters';
  if (c >= 97 && c <= 122) return 'lower-case letters';
  if (c >= 48 && c <= 57) return 'digits';
  if (c === 32 || c === 9) return 'spaces';
  if (c < 32 || c === 127) return 'control characters';
  if (c < 127) return 'punctuation';
  return 'other characters';
}

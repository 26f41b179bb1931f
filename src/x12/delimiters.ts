import { x12Error } from './x12-error.js';

/** The characters an interchange uses to separate its parts. */
export interface Delimiters {
  readonly element: string;
  /** ISA16; when a file has no envelope it is unknown, and `component` holds the usual `:`. */
  readonly component: string;
  readonly componentDeclared: boolean;
  /** ISA11 in 5010 and later; absent in 4010, where ISA11 is the standards identifier. */
  readonly repetition: string | undefined;
  readonly segment: string;
  /** Whether the file opened with ISA; without it the file starts at ST. */
  readonly enveloped: boolean;
}

/** The width rule of each ISA element (ISA01 … ISA16): exact for codes, at most for padded fields. */
const ISA_WIDTHS: readonly (readonly [min: number, max: number])[] = [
  [2, 2],
  [0, 10],
  [2, 2],
  [0, 10],
  [2, 2],
  [1, 15],
  [2, 2],
  [1, 15],
  [6, 6],
  [4, 4],
  [1, 1],
  [5, 5],
  [9, 9],
  [1, 1],
  [1, 1],
  [1, 1],
];

/** How far into a file we look for the end of an ISA before declaring it malformed. */
const ISA_MAX_LENGTH = 256;

/** The outcome of looking at the start of an interchange: delimiters, or a need for more text. */
export type HeaderScan = { readonly delimiters: Delimiters } | 'need-more';

function isAlphanumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** A delimiter must be a visible or line-ending character that cannot be part of a code or number. */
function isDelimiterCandidate(code: number): boolean {
  if (Number.isNaN(code) || isAlphanumeric(code) || code === 32) return false;
  return code === 10 || code === 13 || (code > 32 && code !== 127);
}

/**
 * Reads the delimiters declared by the ISA at `pos`: the element separator is the character after
 * `ISA`, ISA16 is the component separator and the character after ISA16 ends the segment. Some
 * senders put the terminator at the start of the next line (`^\n~GS`); then the line break is
 * padding and the first visible character is the terminator.
 */
export function scanInterchangeHeader(
  text: string,
  pos: number,
  final: boolean,
  file: string,
  segment: number,
): HeaderScan {
  const element = elementSeparator(text, pos, 'ISA', final, file, segment);
  if (element === 'need-more') return element;
  const sep = String.fromCharCode(element);
  const starts: number[] = [];
  let at = pos + 3;
  for (let n = 0; n < 16; n++) {
    starts.push(at + 1);
    const next = n === 15 ? at + 2 : text.indexOf(sep, at + 1);
    if (n < 15 && (next < 0 || next - pos > ISA_MAX_LENGTH)) {
      if (next < 0 && text.length - pos <= ISA_MAX_LENGTH)
        return need(final, file, segment, 'file ends inside the ISA segment');
      throw x12Error(
        file,
        segment,
        `ISA has missing fields: ISA${String(n + 1).padStart(2, '0')} is not followed by a separator`,
      );
    }
    at = next;
  }
  // `at` is now just past ISA16: the segment terminator candidate.
  if (at >= text.length) return need(final, file, segment, 'file ends inside the ISA segment');
  const fields: string[] = [];
  for (let n = 0; n < 16; n++) {
    const start = starts[n] ?? 0;
    const end = n === 15 ? start + 1 : (starts[n + 1] ?? 0) - 1;
    fields.push(text.slice(start, end));
  }
  fields.forEach((value, n) => {
    const [min, max] = ISA_WIDTHS[n] ?? [0, 0];
    if (value.length < min || value.length > max) {
      throw x12Error(
        file,
        segment,
        `ISA${String(n + 1).padStart(2, '0')} is malformed (expected ${min === max ? min : `${min}–${max}`} characters)`,
      );
    }
  });
  const component = fields[15] ?? '';
  let terminator = text.charCodeAt(at);
  if (terminator === 10 || terminator === 13) {
    let look = at;
    while (look < text.length && isBlank(text.charCodeAt(look))) look++;
    if (look >= text.length && !final) return 'need-more';
    const visible = text.charCodeAt(look);
    if (isDelimiterCandidate(visible) && visible !== 10 && visible !== 13) terminator = visible;
  }
  const componentCode = component.charCodeAt(0);
  if (!isDelimiterCandidate(componentCode) || componentCode === element) {
    throw x12Error(file, segment, 'ISA16 does not declare a usable component separator');
  }
  if (!isDelimiterCandidate(terminator) || terminator === element || terminator === componentCode) {
    throw x12Error(file, segment, 'ISA is not followed by a usable segment terminator');
  }
  const isa11 = fields[10] ?? '';
  const version = fields[11] ?? '';
  const repetition = version >= '00501' && isDelimiterCandidate(isa11.charCodeAt(0)) ? isa11 : undefined;
  return {
    delimiters: {
      element: sep,
      component,
      componentDeclared: true,
      repetition,
      segment: String.fromCharCode(terminator),
      enveloped: true,
    },
  };
}

/**
 * Delimiters for a file that starts at ST with no envelope: the element separator follows `ST`,
 * and the segment terminator is the first character after it that can belong to no ST element.
 */
export function scanBareTransaction(
  text: string,
  pos: number,
  final: boolean,
  file: string,
  segment: number,
): HeaderScan {
  const element = elementSeparator(text, pos, 'ST', final, file, segment);
  if (element === 'need-more') return element;
  for (let i = pos + 3; i < text.length && i - pos <= ISA_MAX_LENGTH; i++) {
    const code = text.charCodeAt(i);
    if (code === element || isAlphanumeric(code) || code === 32) continue;
    if (!isDelimiterCandidate(code))
      throw x12Error(file, segment, 'ST is not followed by a usable segment terminator');
    return {
      delimiters: {
        element: String.fromCharCode(element),
        component: element === 58 ? '>' : ':',
        componentDeclared: false,
        repetition: undefined,
        segment: String.fromCharCode(code),
        enveloped: false,
      },
    };
  }
  if (text.length - pos <= ISA_MAX_LENGTH)
    return need(final, file, segment, 'file ends inside the ST segment');
  throw x12Error(file, segment, 'ST is not followed by a segment terminator');
}

/** The element separator: the character right after the segment id `id` at `pos`. */
function elementSeparator(
  text: string,
  pos: number,
  id: 'ISA' | 'ST',
  final: boolean,
  file: string,
  segment: number,
): number | 'need-more' {
  const element = text.charCodeAt(pos + id.length);
  if (Number.isNaN(element)) return need(final, file, segment, `file ends inside the ${id} segment`);
  if (!isDelimiterCandidate(element) || element === 10 || element === 13) {
    throw x12Error(file, segment, `${id} does not declare a usable element separator`);
  }
  return element;
}

function need(final: boolean, file: string, segment: number, message: string): 'need-more' {
  if (final) throw x12Error(file, segment, `truncated: ${message}`);
  return 'need-more';
}

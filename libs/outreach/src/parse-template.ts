import { invalidArgument } from '@coldreach/errors';

/** Literal text of a template, with escapes already resolved. */
export interface TemplateText {
  kind: 'text';
  text: string;
}

/** A `{{name}}` or `{{name | "fallback"}}` placeholder, with where it starts (1-based line and column). */
export interface TemplateVariable {
  kind: 'variable';
  name: string;
  /** Rendered when the value is missing or blank; undefined when the template gives none. */
  fallback: string | undefined;
  line: number;
  column: number;
}

export type TemplatePart = TemplateText | TemplateVariable;

/** A template checked once and rendered many times (once per lead). */
export interface ParsedTemplate {
  readonly parts: readonly TemplatePart[];
  readonly variables: readonly TemplateVariable[];
}

/** What parsing produced: the template, or one problem naming its position. */
export type TemplateParseResult = { ok: true; template: ParsedTemplate } | { ok: false; problem: string };

// A built-in variable (first_name) or a custom field (custom.plan); custom keys follow the Client
// Service's rule for custom field keys, so every stored field can be addressed.
const variableNamePattern = /^(?:[a-z_][a-z0-9_]*|custom\.[a-z_][a-z0-9_]{0,63})$/i;
const nameCharacter = /[A-Za-z0-9_.]/;
const whitespace = /\s/;

class TemplateSyntaxError extends Error {}

/**
 * Parses `{{first_name}}`, `{{ first_name | "there" }}`, `{{custom.plan}}`; `\{{` is a literal `{{`.
 * Throws INVALID_ARGUMENT naming the problem and its line and column when the template is broken.
 */
export function parseTemplate(source: string): ParsedTemplate {
  const result = tryParseTemplate(source);
  if (!result.ok) throw invalidArgument([{ field: 'template', message: result.problem }]);
  return result.template;
}

/** Like parseTemplate, but returns the problem instead of throwing, so callers can collect several. */
export function tryParseTemplate(source: string): TemplateParseResult {
  try {
    return { ok: true, template: parse(source) };
  } catch (error) {
    if (error instanceof TemplateSyntaxError) return { ok: false, problem: error.message };
    throw error;
  }
}

function parse(source: string): ParsedTemplate {
  const scan: Scan = {
    source,
    lastClose: source.lastIndexOf('}}'),
    positions: createPositionCounter(source),
  };
  const parts: TemplatePart[] = [];
  let text = '';
  let index = 0;
  while (index < source.length) {
    const open = source.indexOf('{{', index);
    if (open === -1) {
      text += source.slice(index);
      break;
    }
    if (open > 0 && source[open - 1] === '\\') {
      text += source.slice(index, open - 1) + '{{';
      index = open + 2;
      continue;
    }
    text += source.slice(index, open);
    if (text) parts.push({ kind: 'text', text });
    text = '';
    const { variable, end } = parseVariable(scan, open);
    parts.push(variable);
    index = end;
  }
  if (text) parts.push({ kind: 'text', text });
  return { parts, variables: parts.filter((part) => part.kind === 'variable') };
}

/** What parsing keeps across placeholders, so that no part of the source is scanned again. */
interface Scan {
  source: string;
  /** Where the last `}}` starts: a `{{` after it is never closed. */
  lastClose: number;
  positions: PositionCounter;
}

/** Parses the placeholder opening at `open`; returns it and the index just past its `}}`. */
function parseVariable(scan: Scan, open: number): { variable: TemplateVariable; end: number } {
  const { source } = scan;
  const fail = (message: string, at: number): never => {
    const { line, column } = createPositionCounter(source).at(at);
    throw new TemplateSyntaxError(`${message} at line ${line}, column ${column}`);
  };
  if (scan.lastClose < open + 2) fail('unclosed {{', open);

  let index = skipWhitespace(source, open + 2);
  const nameStart = index;
  while (index < source.length && nameCharacter.test(source[index] ?? '')) index += 1;
  const name = source.slice(nameStart, index);
  if (!name) {
    if (source.startsWith('}}', index) || source[index] === '|') fail('empty variable', open);
    fail(`unexpected ${describe(source, index)} in variable`, index);
  }
  if (!variableNamePattern.test(name)) fail(`invalid variable name "${shownName(name)}"`, nameStart);

  index = skipWhitespace(source, index);
  let fallback: string | undefined;
  if (source[index] === '|') {
    index = skipWhitespace(source, index + 1);
    const quote = source[index];
    if (quote !== '"' && quote !== "'") {
      fail(`the fallback must be a quoted string, e.g. {{${shownName(name)} | "there"}}`, index);
    }
    const parsed = parseQuoted(source, index, fail);
    fallback = parsed.value;
    index = skipWhitespace(source, parsed.end);
  }
  if (!source.startsWith('}}', index)) {
    if (source.startsWith('{{', index)) fail('unclosed {{', open);
    fail(`unexpected ${describe(source, index)} in variable, expected }}`, index);
  }
  const { line, column } = scan.positions.at(open);
  return { variable: { kind: 'variable', name, fallback, line, column }, end: index + 2 };
}

/** Reads a quoted fallback starting at its opening quote; `\"`, `\'` and `\\` are escapes. */
function parseQuoted(
  source: string,
  start: number,
  fail: (message: string, at: number) => never,
): { value: string; end: number } {
  const quote = source[start];
  let value = '';
  let index = start + 1;
  while (index < source.length) {
    const character = source[index];
    if (character === quote) return { value, end: index + 1 };
    if (character === '\n') break;
    if (character === '\\' && index + 1 < source.length) {
      value += source[index + 1];
      index += 2;
      continue;
    }
    value += character;
    index += 1;
  }
  return fail(`unterminated fallback string (missing ${quote})`, start);
}

/** A name as quoted in a message: a template may hold a name of any length, a message may not. */
export function shownName(name: string): string {
  return name.length > 64 ? `${name.slice(0, 64)}…` : name;
}

function skipWhitespace(source: string, from: number): number {
  let index = from;
  while (index < source.length && whitespace.test(source[index] ?? '')) index += 1;
  return index;
}

function describe(source: string, index: number): string {
  const character = source[index];
  return character === undefined ? 'end of template' : `character ${JSON.stringify(character)}`;
}

interface PositionCounter {
  /** The 1-based line and column of an offset; offsets must not decrease from one call to the next. */
  at(offset: number): { line: number; column: number };
}

/** Counts lines from where the previous call stopped, so positions of a whole template cost one pass. */
function createPositionCounter(source: string): PositionCounter {
  let line = 1;
  let lastNewline = -1;
  // The first newline not yet counted (-1: none left); found once, never searched for again.
  let nextNewline = source.indexOf('\n');
  return {
    at(offset) {
      while (nextNewline !== -1 && nextNewline < offset) {
        line += 1;
        lastNewline = nextNewline;
        nextNewline = source.indexOf('\n', nextNewline + 1);
      }
      return { line, column: offset - lastNewline };
    },
  };
}

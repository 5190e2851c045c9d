/**
 * A robots.txt Allow/Disallow path pattern (RFC 9309 §2.2.2–2.2.3): `*` stands for any run of
 * characters, a `$` at the very end anchors the pattern at the end of the path (elsewhere `$` is a
 * literal, as in Google's parser), and otherwise a pattern matches any path it is a prefix of.
 *
 * Matching is greedy and never backtracks: the pieces between `*`s are placed, in order, each at its
 * leftmost occurrence after the previous one. For patterns whose only wildcard is `*` the leftmost
 * placement is always the best one, so one forward pass decides (no regex built from the rule: a rule
 * such as `/*a*a*a*a*a*b` against a long path would make a backtracking engine explode).
 */

export interface RobotsPattern {
  /** The normalised pattern's length, which decides between matching rules (longest wins). */
  readonly length: number;
  matches(path: string): boolean;
}

/** Compiles a pattern already in the percent-encoding of `normalisePercentEncoding`. */
export function compileRobotsPattern(pattern: string): RobotsPattern {
  const anchored = pattern.endsWith('$');
  const body = anchored ? pattern.slice(0, -1) : pattern;
  const pieces = body.split('*');
  const first = pieces[0] ?? '';
  const length = pattern.length;
  if (pieces.length === 1) {
    return { length, matches: anchored ? (path) => path === first : (path) => path.startsWith(first) };
  }
  const last = pieces[pieces.length - 1] ?? '';
  const middle = pieces.slice(1, -1).filter((piece) => piece !== '');
  return {
    length,
    matches(path) {
      if (!path.startsWith(first)) return false;
      let position = first.length;
      for (const piece of middle) {
        const found = path.indexOf(piece, position);
        if (found < 0) return false;
        position = found + piece.length;
      }
      if (anchored) return path.length - last.length >= position && path.endsWith(last);
      return last === '' || path.indexOf(last, position) >= 0;
    },
  };
}

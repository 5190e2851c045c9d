/**
 * Path globs for a job's include/exclude patterns, matched against a URL's whole path:
 * - `*` is any run of characters within one segment (no `/`);
 * - `**` is any run of characters across segments; as a whole segment it may also be no segment at
 *   all: `/blog/**` matches `/blog`, `/blog/` and `/blog/a/b`; `/a/**\/b` matches `/a/b` and `/a/x/y/b`;
 * - everything else is literal; a glob not starting with `/` or `*` gets a leading `/`.
 *
 * A glob is compiled once into a small automaton and run over the path keeping the set of states
 * reached (Thompson's simulation): time is path length × glob length at worst, whatever the globs
 * and paths are (a regex with several `.*` could take polynomial or exponential time to fail).
 */

export interface PathGlob {
  matches(path: string): boolean;
}

const anyCharacter = -1;
const notSlash = -2;
const slash = 47;

interface State {
  // Transitions that read one character: [test, target] where test is a code, anyCharacter or notSlash.
  readonly reads: [number, number][];
  // Targets reached without reading.
  readonly skips: number[];
}

function buildStates(glob: string): State[] {
  const states: State[] = [];
  const add = (): State => {
    const state: State = { reads: [], skips: [] };
    states.push(state);
    return state;
  };
  // Each piece appends states whose "next" is states.length when the piece ends.
  for (let index = 0; index < glob.length;) {
    const code = glob.charCodeAt(index);
    if (code === 42) {
      let end = index;
      while (glob.charCodeAt(end) === 42) end++;
      const state = add();
      const self = states.length - 1;
      state.reads.push([end - index >= 2 ? anyCharacter : notSlash, self]);
      state.skips.push(states.length);
      index = end;
    } else if (code === slash && glob.startsWith('**', index + 1) && glob.charCodeAt(index + 3) === slash) {
      // `/**/`: a slash, then nothing or anything ending in a slash: "/(.*/)?".
      const entry = add();
      const choice = add();
      const inner = add();
      const after = states.length;
      entry.reads.push([slash, after - 2]);
      choice.skips.push(after, after - 1);
      inner.reads.push([anyCharacter, after - 1], [slash, after]);
      index += 4;
    } else if (code === slash && glob.startsWith('**', index + 1) && index + 3 === glob.length) {
      // A trailing `/**`: nothing, or a slash and anything: "(/.*)?".
      const entry = add();
      const inner = add();
      const after = states.length;
      entry.skips.push(after);
      entry.reads.push([slash, after - 1]);
      inner.reads.push([anyCharacter, after - 1]);
      inner.skips.push(after);
      index += 3;
    } else {
      const state = add();
      state.reads.push([code, states.length]);
      index++;
    }
  }
  return states;
}

/** Compiles `glob` (see above) once; `matches` is then safe to call on any path. */
export function compilePathGlob(glob: string): PathGlob {
  const rooted = glob.startsWith('/') || glob.startsWith('*') ? glob : `/${glob}`;
  const states = buildStates(rooted);
  const accept = states.length;
  // Scratch sets reused across calls (matching is synchronous): state lists and a visit stamp.
  let current = new Int32Array(accept + 1);
  let next = new Int32Array(accept + 1);
  const stamp = new Uint32Array(accept + 1);
  let generation = 0;

  const addTo = (set: Int32Array, size: number, state: number): number => {
    if (stamp[state] === generation) return size;
    stamp[state] = generation;
    set[size++] = state;
    for (const target of states[state]?.skips ?? []) size = addTo(set, size, target);
    return size;
  };
  const nextGeneration = (): void => {
    generation++;
    if (generation === 0xffffffff) {
      stamp.fill(0);
      generation = 1;
    }
  };

  return {
    matches(path) {
      nextGeneration();
      let size = addTo(current, 0, 0);
      for (let index = 0; index < path.length && size > 0; index++) {
        const code = path.charCodeAt(index);
        nextGeneration();
        let nextSize = 0;
        for (let position = 0; position < size; position++) {
          for (const [test, target] of states[current[position] ?? accept]?.reads ?? []) {
            if (test === code || test === anyCharacter || (test === notSlash && code !== slash)) {
              nextSize = addTo(next, nextSize, target);
            }
          }
        }
        [current, next] = [next, current];
        size = nextSize;
      }
      for (let position = 0; position < size; position++) if (current[position] === accept) return true;
      return false;
    },
  };
}

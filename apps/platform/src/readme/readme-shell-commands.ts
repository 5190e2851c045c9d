/** One command of a README shell block, with the output the README shows for it, if any. */
export interface ShellCommand {
  /** The command as bash reads it (continuation lines and multi-line quotes kept, comments dropped). */
  text: string;
  /** The JSON written in a `# {…}` comment on the line right after the command. */
  expectedOutput?: string;
}

/** The ```sh blocks of the `## heading` sections named, in the order they appear. */
export function shellBlocksOf(markdown: string, headings: string[]): string[] {
  const blocks: string[] = [];
  for (const section of markdown.split(/^(?=## )/m)) {
    const title = /^## (.*)$/m.exec(section)?.[1]?.trim();
    if (!title || !headings.includes(title)) continue;
    for (const match of section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)) blocks.push(match[1] ?? '');
  }
  return blocks;
}

/**
 * Splits a shell block into commands the way bash would: a newline ends a command unless it is
 * escaped or inside quotes; `#` at the start of a word starts a comment. A comment line holding
 * JSON right after a command is that command's expected output.
 */
export function splitShellCommands(block: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let current = '';
  let quote: "'" | '"' | undefined;
  let lastEnded: ShellCommand | undefined;
  for (let i = 0; i < block.length; i += 1) {
    const char = block[i] as string;
    if (quote) {
      current += char;
      if (char === '\\' && quote === '"') current += block[++i] ?? '';
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === '\\') {
      current += char + (block[++i] ?? '');
      continue;
    }
    if (char === "'" || char === '"') {
      quote = char;
      current += char;
      continue;
    }
    if (char === '#' && (current === '' || /\s$/.test(current))) {
      const end = block.indexOf('\n', i);
      const comment = block.slice(i + 1, end < 0 ? block.length : end).trim();
      // A comment alone on the line right after a command: its output, when it is JSON.
      if (current.trim() === '' && lastEnded && /^[[{]/.test(comment)) lastEnded.expectedOutput = comment;
      i = (end < 0 ? block.length : end) - 1;
      continue;
    }
    if (char === '\n') {
      const text = current.trim();
      if (text) {
        lastEnded = { text };
        commands.push(lastEnded);
      } else if (current === '' && block[i - 1] === '\n') {
        lastEnded = undefined; // a blank line: what follows belongs to no command
      }
      current = '';
      continue;
    }
    current += char;
  }
  if (current.trim()) commands.push({ text: current.trim() });
  return commands;
}

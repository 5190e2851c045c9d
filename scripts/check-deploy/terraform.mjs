// Terraform without providers (`terraform validate` needs them downloaded, which this check never does):
// `terraform fmt -check`, and a scan of every .tf file's declarations and references, so a reference to
// a variable, local, module, data source or resource that no block declares fails here rather than at
// `terraform plan` in an AWS account. A scanner, not a full HCL parser: comments are dropped (outside
// strings and heredocs), then references are matched in everything else, interpolations included.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Resource types come from these providers (versions.tf); `data.<type>` covers data sources of any.
const resourceTypePrefixes = ['aws_', 'random_', 'helm_', 'kubernetes_', 'tls_', 'null_', 'time_'];

/** The text without comments; strings and heredocs kept whole (references live in them too). */
export function stripComments(text) {
  const lines = text.split('\n');
  const kept = [];
  let heredocEnd;
  for (const line of lines) {
    if (heredocEnd) {
      kept.push(line);
      if (line.trim() === heredocEnd) heredocEnd = undefined;
      continue;
    }
    let inString = false;
    let cut = line.length;
    for (let i = 0; i < line.length; i++) {
      const char = line[i];
      if (inString) {
        if (char === '\\') i++;
        else if (char === '"') inString = false;
      } else if (char === '"') inString = true;
      else if (char === '#' || (char === '/' && line[i + 1] === '/')) {
        cut = i;
        break;
      }
    }
    const code = line.slice(0, cut);
    kept.push(code);
    heredocEnd = /<<-?([A-Za-z_]+)\s*$/.exec(code)?.[1];
  }
  return kept.join('\n');
}

/** What a set of files declares: `var.x`, `local.x`, `module.x`, `data.T.N` and `T.N` names. */
export function declarations(sources) {
  const declared = new Set();
  for (const { text } of sources) {
    for (const [, name] of text.matchAll(/^variable\s+"([^"]+)"/gm)) declared.add(`var.${name}`);
    for (const [, name] of text.matchAll(/^module\s+"([^"]+)"/gm)) declared.add(`module.${name}`);
    for (const [, type, name] of text.matchAll(/^resource\s+"([^"]+)"\s+"([^"]+)"/gm))
      declared.add(`${type}.${name}`);
    for (const [, type, name] of text.matchAll(/^data\s+"([^"]+)"\s+"([^"]+)"/gm))
      declared.add(`data.${type}.${name}`);
    for (const block of text.matchAll(/^locals\s*\{/gm)) {
      let depth = 0;
      let start = block.index + block[0].length - 1;
      for (let i = start; i < text.length; i++) {
        if (text[i] === '{') depth++;
        else if (text[i] === '}' && --depth === 0) {
          const body = text.slice(start + 1, i);
          // Keys at the block's own level: lines before any nested brace opens.
          let level = 0;
          for (const line of body.split('\n')) {
            const key = /^\s*([A-Za-z_][\w-]*)\s*=/.exec(line);
            if (level === 0 && key) declared.add(`local.${key[1]}`);
            level += (line.match(/[{[(]/g) ?? []).length - (line.match(/[}\])]/g) ?? []).length;
          }
          break;
        }
      }
      start = 0;
    }
  }
  return declared;
}

/** Every reference of one file's (comment-free) text, with its line. */
export function references(text) {
  const found = [];
  const patterns = [
    /(?<![\w.])(var|local|module)\.([A-Za-z_][\w-]*)/g,
    /(?<![\w.])data\.([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)/g,
    new RegExp(`(?<![\\w.])((?:${resourceTypePrefixes.join('|')})[a-z0-9_]+)\\.([A-Za-z_][\\w-]*)`, 'g'),
  ];
  for (const [index, pattern] of patterns.entries()) {
    for (const match of text.matchAll(pattern)) {
      const name = index === 1 ? `data.${match[1]}.${match[2]}` : `${match[1]}.${match[2]}`;
      found.push({ name, line: text.slice(0, match.index).split('\n').length });
    }
  }
  return found;
}

/** Dangling references in a set of files ({file, text}), each naming the file, line and reference. */
export function checkReferences(files) {
  const sources = files.map(({ file, text }) => ({ file, text: stripComments(text) }));
  const declared = declarations(sources);
  const problems = [];
  for (const { file, text } of sources)
    for (const { name, line } of references(text))
      if (!declared.has(name)) problems.push(`${file}:${line}: ${name} is referenced but never declared`);
  return problems;
}

/** fmt and references of a Terraform directory; `warnings` gets what could not be checked here. */
export function checkTerraform(directory, warnings) {
  const files = readdirSync(directory)
    .filter((name) => name.endsWith('.tf'))
    .map((name) => ({ file: join(directory, name), text: readFileSync(join(directory, name), 'utf8') }));
  const problems = checkReferences(files);
  const fmt = spawnSync('terraform', ['fmt', '-check', '-recursive', '-list=true', directory], {
    encoding: 'utf8',
  });
  if (fmt.error)
    warnings.push(`terraform is not installed: skipped \`terraform fmt -check\` (${fmt.error.code})`);
  else if (fmt.status !== 0)
    for (const file of fmt.stdout.split('\n').filter(Boolean))
      problems.push(`${file}: not formatted (run terraform fmt -recursive ${directory})`);
  warnings.push('terraform validate skipped: it needs the providers, which this check does not download');
  return problems;
}

// What a module loads at run time, read statically: for tests that keep an entry point light.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Value imports and re-exports (not `import type`/`export type`, not dynamic `import()`) of a source file. */
function staticImports(source: string): string[] {
  const pattern = /^(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
  return [...source.matchAll(pattern)].map((match) => match[1]!);
}

/** Every file and bare package specifier that loading `entries` reaches, following relative value imports. */
export function importGraph(...entries: string[]): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of staticImports(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier));
      else packages.add(specifier);
    }
  };
  for (const entry of entries) visit(entry);
  return { files, packages };
}

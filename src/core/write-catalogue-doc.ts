/**
 * Writes docs/events.md from the catalogue: `npm run docs:events` (runs the compiled copy in
 * dist/src/core/). The repository root is the nearest folder above this file holding a
 * package.json, so it works compiled or run from source.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { renderCatalogueMarkdown } from './catalogue-doc.js';

/** The repository root: the nearest folder at or above `from` holding a package.json. */
function repoRoot(from: string = import.meta.dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

const root = repoRoot();
const target = join(root, 'docs', 'events.md');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, renderCatalogueMarkdown());
console.log(`wrote ${relative(process.cwd(), target) || target}`);

/**
 * Reads the documents retrieval indexes: markdown notes and runbooks from folders (recursively,
 * `*.md`, SOURCES.md/README.md of data folders skipped) and saved past answers. A document's id is
 * its path relative to the folder it came from, prefixed by its kind; its title is the first `#`
 * heading or else the file name. Missing folders are simply empty: notes are optional.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface NoteDoc {
  /** `note:<relative path>` or `answer:<relative path>`. */
  id: string;
  kind: 'note' | 'answer';
  title: string;
  body: string;
  path: string;
}

/** The notes that ship with CostLens (runbooks the demo can cite). */
export const BUNDLED_NOTES_DIR = fileURLToPath(new URL('../../../data/notes', import.meta.url));

const SKIPPED = new Set(['SOURCES.md']);

/**
 * Every markdown file under `dir` as a document of `kind`.
 * @example loadNotes('./notes') // [{ id: 'note:runbooks/anomaly.md', title: 'How to respond…', … }]
 */
export function loadNotes(dir: string, kind: NoteDoc['kind'] = 'note'): NoteDoc[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const out: NoteDoc[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (name.startsWith('.')) continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (name.toLowerCase().endsWith('.md') && !SKIPPED.has(name)) {
        const body = readFileSync(p, 'utf8');
        out.push({
          id: `${kind}:${relative(dir, p).split('\\').join('/')}`,
          kind,
          title: titleOf(body) ?? basename(name, '.md').replace(/[-_]+/g, ' '),
          body,
          path: p,
        });
      }
    }
  };
  walk(dir);
  return out;
}

function titleOf(markdown: string): string | undefined {
  const m = /^#\s+(.+?)\s*#*\s*$/m.exec(markdown);
  return m?.[1];
}

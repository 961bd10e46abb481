#!/usr/bin/env node
// `npm start`: builds the dashboard when its build is missing or older than its sources, then runs
// `costlens start` (create the demo database if absent, serve API + dashboard). Extra arguments
// pass through, e.g. `npm start -- --port 8080 --scale 0.1`. Ctrl-C stops the server cleanly.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'packages/web');

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

const built = join(web, 'dist/index.html');
const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(web, p));
const stale =
  !existsSync(built) ||
  statSync(built).mtimeMs < Math.max(...sources.filter(existsSync).map(newestMtime));
if (stale) {
  console.log('Building the dashboard (packages/web) …');
  const r = spawnSync('npm', ['run', 'build', '-w', 'packages/web'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const args = process.argv.slice(2);
const db = args.includes('--db') ? [] : ['--db', join(root, '.costlens/demo.duckdb')];
const child = spawn(
  process.execPath,
  [join(root, 'packages/cli/bin/costlens.js'), ...db, 'start', ...args],
  { cwd: root, stdio: 'inherit' },
);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));

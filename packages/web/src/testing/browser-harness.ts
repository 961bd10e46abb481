/**
 * Shared by the browser tests: Debian's Chromium and its flags, and a dashboard build that is
 * rebuilt only when a source file is newer than it. Not part of the product.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { DuckDbWarehouse } from '@costlens/core';
import { tempDir } from '../../../core/src/testing/fixtures.ts';

export const WEB = resolve(fileURLToPath(import.meta.url), '../../..');
export const ARTIFACTS = resolve(WEB, '../../artifacts');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((n) => newest(join(path, n))));
}

/** Builds the dashboard unless dist/ is newer than every source file. */
export async function ensureWebBuild(): Promise<string> {
  const index = join(WEB, 'dist/index.html');
  const sources = ['src', 'index.html', 'vite.config.ts'].map((p) => join(WEB, p));
  if (!existsSync(index) || statSync(index).mtimeMs < Math.max(...sources.map(newest))) {
    const { build } = await import('vite');
    await build({ root: WEB, logLevel: 'warn', configFile: join(WEB, 'vite.config.ts') });
  }
  return join(WEB, 'dist');
}

/** A running server over `dbPath` with the built dashboard, and a fresh Chromium at 1280 × 800. */
export interface DashboardSession {
  url: string;
  page: Page;
  close(): Promise<void>;
}

/** Starts the real server (random port) and Debian's Chromium for one browser test suite. */
export async function openDashboard(dbPath: string): Promise<DashboardSession> {
  const { chromium } = await import('playwright-core');
  const { startServer } = await import('@costlens/server');
  const { mkdtempSync, mkdirSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const webRoot = await ensureWebBuild();
  const server = await startServer({ dbPath, port: 0, webRoot });
  const context = await chromium.launchPersistentContext(
    mkdtempSync(join(tmpdir(), 'costlens-chromium-')),
    {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 1280, height: 800 },
    },
  );
  const page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    url: server.url,
    page,
    close: async () => {
      await context.close();
      await server.close();
    },
  };
}

/**
 * A dashboard over a fresh database that `seed` fills first (rows, detection, saved plans): the
 * setup every page test repeats. `dir` is the test's temp folder, for files the seed writes.
 */
export async function openSeededDashboard(
  name: string,
  seed: (wh: DuckDbWarehouse, dir: string) => Promise<void>,
): Promise<DashboardSession> {
  const dir = tempDir();
  const dbPath = join(dir, `${name}.duckdb`);
  const wh = await DuckDbWarehouse.open({ path: dbPath });
  try {
    await seed(wh, dir);
  } finally {
    await wh.close();
  }
  return openDashboard(dbPath);
}

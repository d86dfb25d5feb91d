/**
 * Browser harness for the journeys in test/browser: Debian chromium driven by playwright-core,
 * pages at phone and desktop sizes, axe-core checks (WCAG 2.1 A/AA) and screenshots.
 *
 * Chromium: CHROMIUM_PATH, else /usr/bin/chromium (`apt-get install -y chromium`).
 */
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const REPO_ROOT = resolve(__dirname, '../../..');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');

export type ScreenSize = 'phone' | 'tablet' | 'desktop';
export const VIEWPORTS: Record<ScreenSize, { width: number; height: number }> = {
  phone: { width: 390, height: 844 },
  /** The agent's tablet at the canteen door (pointage). */
  tablet: { width: 768, height: 1024 },
  desktop: { width: 1280, height: 800 },
};

/**
 * Chromium in French: `--lang=fr-FR` sets its own interface language (Debian's chromium-l10n must be
 * installed for it to take), so native date fields read jj/mm/aaaa as a French parent sees them;
 * each context also sends Accept-Language fr-FR (openPage).
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--lang=fr-FR',
    ],
    env: { ...process.env, LANG: 'fr_FR.UTF-8', LANGUAGE: 'fr_FR:fr' },
  });
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors seen so far (expected HTTP errors left out). */
  problems: string[];
  /** Every API call the page made: 'GET /api/families/…/planning'. */
  apiCalls: Set<string>;
}

/**
 * A fresh context (own cookies) and page at phone (390×844, touch), tablet (768×1024, touch) or desktop (1280×800) size,
 * in French and in the Paris time zone, like the people who use the portal.
 */
export async function openPage(browser: Browser, size: ScreenSize, baseURL?: string): Promise<OpenedPage> {
  const context = await browser.newContext({
    baseURL,
    viewport: VIEWPORTS[size],
    locale: 'fr-FR',
    extraHTTPHeaders: { 'Accept-Language': 'fr-FR,fr;q=0.9' },
    timezoneId: 'Europe/Paris',
    ...(size === 'desktop' ? { deviceScaleFactor: 1 } : { isMobile: true, hasTouch: true, deviceScaleFactor: 2 }),
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems: string[] = [];
  const apiCalls = new Set<string>();
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) apiCalls.add(`${request.method()} ${url.pathname}`);
  });
  page.on('pageerror', (error) => problems.push(`Erreur JavaScript : ${error.message}`));
  page.on('console', (message) => {
    // The browser logs every 4xx/5xx response ("Failed to load resource"): the journeys check
    // what the person sees instead; anything else logged as an error is a problem.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`Console : ${message.text()}`);
    }
  });
  return { context, page, problems, apiCalls };
}

export const openPhonePage = (browser: Browser, baseURL?: string) => openPage(browser, 'phone', baseURL);
export const openDesktopPage = (browser: Browser, baseURL?: string) => openPage(browser, 'desktop', baseURL);

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let axeScript: string | null = null;
const axeSource = () => (axeScript ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  tags: string[];
  nodes: AxeNode[];
}

/** Runs axe-core on the page as it is now and fails on any WCAG 2.1 A/AA violation. */
export async function expectNoAxeViolations(page: Page, where = page.url()): Promise<void> {
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== 'undefined');
  // The portal's CSP (script-src 'self') blocks page.addScriptTag's inline <script>; evaluating the
  // source through the DevTools protocol is not subject to it, so the CSP stays on during the test.
  if (!loaded) await page.evaluate(axeSource());
  const violations = await page.evaluate(async (tags: string[]) => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    const doc = (globalThis as unknown as { document: unknown }).document;
    const result = await axe.run(doc, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations;
  }, WCAG_TAGS) as AxeViolation[];
  const relevant = violations.filter((v) => v.tags.some((t) => WCAG_TAGS.includes(t)));
  if (relevant.length > 0) {
    throw new Error(`Accessibilité (axe-core, WCAG 2.1 A/AA) — ${relevant.length} violation(s) sur ${where} :\n\n${formatViolations(relevant)}`);
  }
}

function formatViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `    • ${n.target.join(' ')}\n      ${n.html.slice(0, 200)}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`)
        .join('\n');
      const more = v.nodes.length > 5 ? `\n    … et ${v.nodes.length - 5} autre(s)` : '';
      return `- [${v.impact ?? 'n/a'}] ${v.id} : ${v.help}\n  ${v.helpUrl}\n${nodes}${more}`;
    })
    .join('\n\n');
}

/** Saves a full-page PNG under test-results/screenshots/<name>.png (repository root). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name.replace(/[^a-zA-Z0-9._-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}

/** Removes the screenshots whose name starts with `prefix` (a journey's previous run). */
export function removeScreenshots(prefix: string): void {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const file of readdirSync(SCREENSHOT_DIR)) {
    if (file.startsWith(`${prefix}-`) && file.endsWith('.png')) rmSync(join(SCREENSHOT_DIR, file));
  }
}

/**
 * The client calls only routes the API documents: each call seen in a journey is matched against
 * the OpenAPI document of the running portal (/api/docs-json). Returns the calls that match none.
 */
export async function undocumentedApiCalls(baseUrl: string, calls: Iterable<string>): Promise<string[]> {
  const doc = (await (await fetch(`${baseUrl}/api/docs-json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  const routes = Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => ({ method: method.toUpperCase(), pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`) })),
  );
  return [...calls].filter((call) => {
    const [method, path] = call.split(' ') as [string, string];
    return !routes.some((r) => r.method === method && r.pattern.test(path));
  });
}

/**
 * The parts of a native date (or month) field in the order the browser shows them, as it names
 * them to assistive technologies: ['Jour', 'Mois', 'Année'] for jj/mm/aaaa in a French Chromium.
 */
export async function nativeDateFieldParts(page: Page, selector: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    if (!nodeId) throw new Error(`Aucun champ ${selector} sur la page.`);
    const { node } = await cdp.send('DOM.describeNode', { nodeId });
    const { nodes } = await cdp.send('Accessibility.queryAXTree', { backendNodeId: node.backendNodeId, role: 'spinbutton' });
    // Chromium names each part twice ("Jour Jour"): its label and its placeholder.
    return nodes.map((n) => String(n.name?.value ?? '').split(' ')[0]!);
  } finally {
    await cdp.detach();
  }
}

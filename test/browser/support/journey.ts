/**
 * What every journey does on each screen, the way a person (or a screen reader) finds things:
 * headings, the main menu, axe-core on each screen, a screenshot of it.
 */
import type { Locator, Page } from 'playwright-core';
import { expectNoAxeViolations, screenshot, type ScreenSize } from './browser';

export interface Journey {
  page: Page;
  size: ScreenSize;
  /** No WCAG 2.1 A/AA violation on the screen as it is, then a screenshot `<prefix>-<size>-<nn>-<name>.png`. */
  checkScreen(name: string): Promise<void>;
  heading1(name: string | RegExp): Locator;
  /** Follows a link of the main menu (on a phone it first unfolds behind its « Menu » button). */
  goTo(name: string): Promise<void>;
}

export function journey(page: Page, size: ScreenSize, prefix: string): Journey {
  let step = 0;
  const nav = () => page.getByRole('navigation', { name: 'Menu principal' });
  return {
    page,
    size,
    async checkScreen(name: string) {
      await expectNoAxeViolations(page, `${name} (${size})`);
      step += 1;
      await screenshot(page, `${prefix}-${size}-${String(step).padStart(2, '0')}-${name}`);
    },
    heading1: (name) => page.getByRole('heading', { level: 1, name }),
    async goTo(name: string) {
      const toggle = nav().getByRole('button', { name: 'Menu' });
      if (await toggle.isVisible()) await toggle.click();
      await nav().getByRole('link', { name, exact: true }).click();
    },
  };
}

/** playwright-core has no `expect`: poll a condition, bounded in time. */
export async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10_000, what = 'Condition non remplie'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`${what} dans le délai imparti.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function expectFocused(locator: Locator): Promise<void> {
  await waitUntil(() => locator.evaluate((el) => (el as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement === el), 10_000, 'Le champ n’a pas reçu le focus');
}

export function focusIsInside(container: Locator): Promise<boolean> {
  return container.evaluate((el) => {
    const node = el as unknown as { contains(other: unknown): boolean; ownerDocument: { activeElement: unknown } };
    return node.contains(node.ownerDocument.activeElement);
  });
}

/** Signs in from the sign-in page. */
export async function signIn(j: Journey, email: string, password: string): Promise<void> {
  await j.page.goto('/connexion');
  await j.heading1('Connexion').waitFor();
  await j.page.getByLabel('Adresse e-mail').fill(email);
  await j.page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await j.page.getByRole('button', { name: 'Se connecter' }).click();
}

/**
 * Declares the tests of one journey, each leaving a screenshot `<prefix>-<size>-echec.png` of where
 * the journey stopped when it fails. `current` gives the journey once `beforeAll` has opened it.
 */
export function journeySteps(current: () => Journey | undefined, prefix: string, size: ScreenSize) {
  return (name: string, run: () => Promise<void>) =>
    it(name, async () => {
      try {
        await run();
      } catch (error) {
        const j = current();
        if (j) await screenshot(j.page, `${prefix}-${size}-echec`).catch(() => undefined);
        throw error;
      }
    });
}

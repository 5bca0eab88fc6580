// Shared fixtures and helpers for the Guichet browser tests.
const { test: base, expect } = require('@playwright/test');

const DEMO_PASSWORD = 'Demo-Guichet-2026!';
const ADMIN = 'admin@geotech-laurentides.example';

function baseURL() {
  const url = process.env.GUICHET_E2E_BASE_URL;
  if (!url) throw new Error('GUICHET_E2E_BASE_URL is not set: run the tests with `npx playwright test` (global-setup.js starts the server).');
  return url;
}

// Every page and context of a test talks to the server started by global-setup.js.
const test = base.extend({
  baseURL: async ({}, use) => {
    await use(baseURL());
  },
});

/** The texts the tests look for, in both languages (from crates/guichet-i18n/locales). */
const T = {
  fr: {
    lang: 'fr-CA',
    signInTitle: 'Connexion à votre portail',
    signInByEmail: 'Recevoir un lien de connexion par courriel',
    signInLinkTitle: 'Connexion par courriel',
    sendLink: 'Envoyer le lien',
    checkEmailTitle: 'Vérifiez vos courriels',
    linkConfirmTitle: 'Confirmer la connexion',
    linkConfirmButton: 'Me connecter',
    linkProblemTitle: 'Ce lien ne fonctionne plus',
    linkUsed: 'Ce lien a déjà été utilisé. Chaque lien ne sert qu’une seule fois.',
    invitationTitle: 'Bienvenue sur votre portail',
    newPassword: 'Nouveau mot de passe',
    confirmPassword: 'Confirmer le mot de passe',
    savePassword: 'Enregistrer le mot de passe',
    passwordShort: 'Le mot de passe doit compter au moins 12 caractères.',
    formHasErrors: 'Certains champs sont à corriger.',
    hello: (name) => `Bonjour ${name}`,
    company: (c) => `Compte client : ${c}`,
    areas: ['Projets', 'Documents', 'Soumissions', 'Commandes', 'Factures'],
    // The projects card: what it holds, or how many projects wait on the contact.
    areaNote: /Vos dossiers, leurs documents et leur avancement\.|projets? attend(ent)? quelque chose de vous\./,
    home: 'Accueil',
    signOut: 'Se déconnecter',
    switchTo: 'English',
  },
  en: {
    lang: 'en-CA',
    signInTitle: 'Sign in to your portal',
    signInByEmail: 'Get a sign-in link by email',
    signInLinkTitle: 'Sign in by email',
    sendLink: 'Send the link',
    checkEmailTitle: 'Check your email',
    linkConfirmTitle: 'Confirm sign-in',
    linkConfirmButton: 'Sign me in',
    linkProblemTitle: 'This link no longer works',
    linkUsed: 'This link has already been used. Each link works only once.',
    invitationTitle: 'Welcome to your portal',
    newPassword: 'New password',
    confirmPassword: 'Confirm password',
    savePassword: 'Save password',
    passwordShort: 'The password must be at least 12 characters long.',
    formHasErrors: 'Some fields need your attention.',
    hello: (name) => `Hello ${name}`,
    company: (c) => `Customer account: ${c}`,
    areas: ['Projects', 'Documents', 'Quotes', 'Orders', 'Invoices'],
    areaNote: /Your projects, their documents and where they stand\.|projects? awaits? something from you\./,
    home: 'Home',
    signOut: 'Sign out',
    switchTo: 'Français',
  },
};

/** Submits a form of an /auth/ page (`submit` clicks its button); returns the POST's response. */
async function submitAuthForm(page, submit) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
    submit(),
  ]);
  return res;
}

/** A fresh browser context (no cookies) whose browser asks for `lang` (fr or en). */
async function newContext(browser, { lang = 'fr', ...options } = {}) {
  return browser.newContext({ baseURL: baseURL(), locale: T[lang].lang, ...options });
}

/** Signs in with email and password on /sign-in (language-neutral selectors). */
async function signIn(page, email, password = DEMO_PASSWORD) {
  await page.goto('/sign-in');
  await page.locator('#f-email').fill(email);
  await page.locator('#f-password').fill(password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/sign-in')),
    page.locator('main form[action="/sign-in"] button[type="submit"]').click(),
  ]);
}

/** A unique, lowercase email address. */
/** Opens the header's account menu (a disclosure) and returns its panel. */
async function accountMenu(page) {
  const menu = page.locator('header details.account-menu');
  if (!(await menu.evaluate((d) => d.open))) await menu.locator('summary').click();
  return menu.locator('.menu-panel');
}

function uniqueEmail(prefix, domain = 'boreale.example') {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@${domain}`;
}

/**
 * The staff outbox (/staff/outbox), read by a signed-in administrator: finds the email sent
 * to an address and the link it carries. Emails are listed as soon as they are queued; the
 * helper reloads until the expected one is there.
 */
class Outbox {
  constructor(page) {
    this.page = page;
  }

  /** Rows of the outbox list, newest first: { to, subject, href }. */
  async rows() {
    const res = await this.page.goto('/staff/outbox');
    expect(res.status(), 'the outbox page answers 200').toBe(200);
    return this.page.$$eval('main table tbody tr', (trs) =>
      trs.map((tr) => ({
        to: tr.cells[1].textContent.trim(),
        subject: tr.cells[2].textContent.trim(),
        href: tr.cells[2].querySelector('a').getAttribute('href'),
      })),
    );
  }

  /** The email pages already listed for `to` (to ignore them later). */
  async seen(to) {
    return new Set((await this.rows()).filter((r) => r.to === to).map((r) => r.href));
  }

  /**
   * Waits for a new email to `to` holding a link whose path contains `path`; returns
   * { link, href (the email's page), subject }.
   */
  async waitForLink({ to, path, ignore = new Set(), timeout = 20_000 }) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const rows = (await this.rows()).filter((r) => r.to === to && !ignore.has(r.href));
      for (const row of rows) {
        await this.page.goto(row.href);
        const links = await this.page.$$eval('main .mail-body a[href]', (as) => as.map((a) => a.href));
        const link = links.find((l) => new URL(l).pathname.includes(path));
        if (link) return { link, href: row.href, subject: row.subject };
      }
      if (Date.now() > deadline) {
        throw new Error(`no email to ${to} with a link to ${path} in the outbox after ${timeout} ms`);
      }
      await this.page.waitForTimeout(500);
    }
  }
}

/** A signed-in administrator in a context of its own, with the outbox at hand. */
async function adminSession(browser) {
  const context = await newContext(browser, { lang: 'fr' });
  const page = await context.newPage();
  await signIn(page, ADMIN);
  await expect(page).toHaveURL(/\/staff$/);
  return { context, page, outbox: new Outbox(page) };
}


const fs = require('fs');
const path = require('path');
const AxeBuilder = require('@axe-core/playwright').default;

const SCREENS = path.join(__dirname, '..', 'test-results', 'screens');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Saves the page at 1280 and 360 px wide in test-results/screens/ and checks it with axe,
 * leaving out `exclude` (a selector: content that is not ours, such as Stripe's card field).
 */
/**
 * A full-page screenshot. Chromium now and then answers "Unable to capture screenshot" for a
 * tall page while it is still settling: that is tried once more, after a short pause.
 */
async function saveScreen(page, file) {
  try {
    await page.screenshot({ path: file, fullPage: true });
  } catch (e) {
    if (!String(e.message).includes('Unable to capture screenshot')) throw e;
    await page.waitForTimeout(500);
    await page.screenshot({ path: file, fullPage: true });
  }
}

async function check(page, name, exclude) {
  await page.waitForLoadState('load');
  fs.mkdirSync(SCREENS, { recursive: true });
  for (const [w, h] of [[1280, 900], [360, 740]]) {
    await page.setViewportSize({ width: w, height: h });
    await saveScreen(page, path.join(SCREENS, `${name}-${w}.png`));
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  let axe = new AxeBuilder({ page }).withTags(TAGS);
  if (exclude) axe = axe.exclude(exclude);
  const results = await axe.analyze();
  const found = results.violations.map(
    (v) => `${v.id} [${v.impact}] ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
  );
  expect.soft(found, `axe violations on ${name} (${page.url()})`).toEqual([]);
}

module.exports = { test, expect, check, saveScreen, T, DEMO_PASSWORD, ADMIN, submitAuthForm, newContext, signIn, uniqueEmail, Outbox, adminSession, baseURL, accountMenu };

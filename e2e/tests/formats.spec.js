// Local formats (issue 15): dates, times, sizes and numbers as people write them in fr-CA and
// en-CA, never ISO; the time zone named once per page (in the footer), not on every time.
const fs = require('fs');
const path = require('path');
const AxeBuilder = require('@axe-core/playwright').default;
const { test, expect, newContext, signIn, uniqueEmail, adminSession, submitAuthForm, saveScreen } = require('./helpers');

const SCREENS = path.join(__dirname, '..', 'test-results', 'screens');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const PROJECT = 'GL-2026-014'; // 2026-10-05 → 2026-12-18, a document requested for 2026-12-04

const COMPANY = 'Construction Boréale inc.';
const PASSWORD = 'Lune-rousse-sur-Gaspé-42';

/** The demo's French company administrator of Construction Boréale. */
async function frenchContact(browser) {
  const context = await newContext(browser, { lang: 'fr' });
  const page = await context.newPage();
  await signIn(page, 'genevieve.lavoie@boreale.example');
  return { context, page };
}

/**
 * An English-speaking contact of Construction Boréale made for this test (the demo's English
 * contacts there have no password, and switching a French one would change their language for
 * the other tests): staff invite them, they choose a password.
 */
async function englishContact(browser) {
  const email = uniqueEmail('formats-en');
  const admin = await adminSession(browser);
  const staff = admin.page;
  await staff.goto('/staff/customers');
  await staff.getByRole('link', { name: COMPANY, exact: true }).click();
  await staff.getByRole('link', { name: /^(Add a contact|Ajouter une personne-ressource)$/ }).click();
  await staff.locator('#f-name').fill('Fiona Formats');
  await staff.locator('#f-email').fill(email);
  await staff.locator('#f-locale').selectOption('en');
  await staff.locator('main form button[type="submit"]').click();
  await expect(staff).toHaveURL(/\?done=invited$/);
  const { link } = await admin.outbox.waitForLink({ to: email, path: '/auth/invitation/' });
  await admin.context.close();
  const context = await newContext(browser, { lang: 'en' });
  const page = await context.newPage();
  await page.goto(link);
  await page.locator('#f-password').fill(PASSWORD);
  await page.locator('#f-confirm').fill(PASSWORD);
  await submitAuthForm(page, () => page.locator('main form button[type="submit"]').click());
  await expect(page).toHaveURL(/\/portal$/);
  return { context, page };
}

const READERS = {
  fr: {
    contact: frenchContact,
    dates: 'Du 5 octobre 2026 au 18 décembre 2026',
    due: 'attendu le 4 décembre 2026',
    // "340 ko", "1,5 Mo", "512 octets": a no-break space before the unit.
    size: /^\d+(,\d)?\u00a0(ko|Mo|Go|octets?)$/,
    // "10 décembre 2026, 8 h 30" or "1er décembre 2026, 12 h".
    when: /^\d{1,2}(er)? [a-zéû]+ \d{4}, \d{1,2} h( \d{2})?$/,
    zone: 'Heures indiquées\u00a0: heure de l’Est (Toronto)',
  },
  en: {
    contact: englishContact,
    dates: 'October 5, 2026 to December 18, 2026',
    due: 'due December 4, 2026',
    size: /^\d+(\.\d)?\u00a0(kB|MB|GB|bytes?)$/,
    // "December 10, 2026 at 8:30 a.m." (a narrow no-break space before a.m.).
    when: /^[A-Z][a-z]+ \d{1,2}, \d{4} at \d{1,2}(:\d{2})?\u202f[ap]\.m\.$/,
    zone: 'Times shown in Eastern Time (Toronto)',
  },
};

const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;

async function check(page, name) {
  await page.waitForLoadState('load');
  fs.mkdirSync(SCREENS, { recursive: true });
  await saveScreen(page, path.join(SCREENS, `${name}.png`));
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const found = results.violations.map(
    (v) => `${v.id} [${v.impact}] ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
  );
  expect.soft(found, `axe violations on ${name} (${page.url()})`).toEqual([]);
}

for (const lang of ['fr', 'en']) {
  test(`a project and a document read in local formats (${lang})`, async ({ browser }) => {
    const r = READERS[lang];
    const { context, page } = await r.contact(browser);

    // The project list and the project: its dates and the due date in words.
    await page.goto('/portal/projects');
    const card = page.locator(`[data-project="${PROJECT}"]`);
    await expect(card).toContainText(r.dates);
    await card.getByRole('link').click();
    const main = page.locator('main');
    await expect(main).toContainText(r.dates);
    await expect(main).toContainText(r.due);
    // Beside each download link (people who may only view a file get no link, nor size).
    const sizes = page.locator('main table tbody td .muted');
    if (lang === 'fr') expect(await sizes.count()).toBeGreaterThan(0);
    for (const size of await sizes.allTextContents()) {
      expect(size.trim().replace(/^\((.*)\)$/, '$1')).toMatch(r.size);
    }
    expect(await main.innerText()).not.toMatch(ISO_DATE);
    await check(page, `formats-project-${lang}`);

    // A document: each version's size and when it was uploaded, the zone named once below.
    await page.locator('main table tbody td a[href^="/documents/"]').first().click();
    await expect(page).toHaveURL(/\/documents\//);
    const version = page.locator('main table tbody tr').first();
    expect((await version.locator('td').nth(2).textContent()).trim()).toMatch(r.size);
    const when = version.locator('td time');
    expect((await when.textContent()).trim()).toMatch(r.when);
    await expect(when).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[-+]\d{2}:\d{2}$/);
    await expect(page.getByTestId('time-zone')).toHaveText(r.zone);
    expect(await main.innerText()).not.toMatch(ISO_DATE);
    expect(await main.innerText()).not.toMatch(/\b(EST|EDT|UTC)\b/);
    await check(page, `formats-document-${lang}`);
    await context.close();
  });
}

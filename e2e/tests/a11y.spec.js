// Accessibility: axe-core (WCAG 2.0/2.1, levels A and AA) on every page, in French and
// English, on a desktop and a phone screen. Each page is also saved as a full-page
// screenshot in test-results/screens/<name>.png for a human to look at.
const fs = require('node:fs');
const path = require('node:path');
const AxeBuilder = require('@axe-core/playwright').default;
const { test, expect, DEMO_PASSWORD, newContext, signIn, adminSession, submitAuthForm, uniqueEmail, accountMenu, saveScreen } = require('./helpers');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SCREENS = path.join(__dirname, '..', 'test-results', 'screens');
const PHONE = { width: 390, height: 844 };

// Spread over the workers; axe and full-page screenshots take a while on a small machine.
test.describe.configure({ mode: 'parallel', timeout: 90_000 });

/** Screenshot and axe check of the page as it is now; violations are soft failures. */
async function check(page, name) {
  await page.waitForLoadState('load');
  fs.mkdirSync(SCREENS, { recursive: true });
  await saveScreen(page, path.join(SCREENS, `${name}.png`));
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const found = results.violations.map(
    (v) => `${v.id} [${v.impact}] ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
  );
  expect.soft(found, `axe violations on ${name} (${page.url()})`).toEqual([]);
  return results;
}

/** Opens `url` and checks it; `expected` is the HTTP status the page must answer with. */
async function visit(page, name, url, expected = 200) {
  const res = await page.goto(url);
  expect.soft(res.status(), `${name}: HTTP status of ${url}`).toBe(expected);
  await check(page, name);
}

/** Submits the form holding `button` and checks the page that comes back with `expected`. */
async function submitAndCheck(page, name, button, expected) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
    button.click(),
  ]);
  await page.waitForLoadState('load');
  expect.soft(res.status(), `${name}: HTTP status of the POST`).toBe(expected);
  await check(page, name);
}

const submitButton = (page) => page.locator('main form[method="post"] button[type="submit"]').last();

for (const lang of ['fr', 'en']) {
  test(`anonymous pages (${lang})`, async ({ browser }) => {
    const context = await newContext(browser, { lang });
    const page = await context.newPage();
    const s = (n) => `${n}-${lang}`;

    await visit(page, s('sign-in'), '/sign-in');
    await submitAndCheck(page, s('sign-in-errors'), submitButton(page), 422);
    await page.locator('#f-email').fill('nobody@example.com');
    await page.locator('#f-password').fill('not the password');
    await submitAndCheck(page, s('sign-in-wrong-password'), submitButton(page), 401);

    await visit(page, s('sign-in-link'), '/sign-in/link');
    await page.locator('#f-email').fill('not-an-address');
    await submitAndCheck(page, s('sign-in-link-errors'), submitButton(page), 422);
    await page.locator('#f-email').fill('nobody@example.com');
    await submitAndCheck(page, s('check-email-link'), submitButton(page), 200);

    await visit(page, s('forgot-password'), '/forgot-password');
    await page.locator('#f-email').fill('nobody@example.com');
    await submitAndCheck(page, s('check-email-reset'), submitButton(page), 200);

    await visit(page, s('link-problem-sign-in'), '/auth/link/bogus', 410);
    await visit(page, s('link-problem-invitation'), '/auth/invitation/bogus', 410);
    await visit(page, s('link-problem-reset'), '/auth/reset/bogus', 410);
    await visit(page, s('not-found'), '/no/such/page', 404);
    await context.close();
  });
}

// Pages reached from emails (live links, only looked at: a GET spends nothing).
test('emailed link pages', async ({ browser }) => {
  const admin = await adminSession(browser);
  const visitor = await newContext(browser, { lang: 'fr' });
  const page = await visitor.newPage();

  // Invitations sent by the demo seed (one French, one English contact).
  for (const [lang, to] of [['fr', 'nathalie.roy@stjerome.example'], ['en', 'olivia.chen@boreale.example']]) {
    const { link } = await admin.outbox.waitForLink({ to, path: '/auth/invitation/' });
    await visit(page, `set-password-invitation-${lang}`, link);
  }

  // A sign-in link and a reset link, asked for now.
  const to = 'mathieu.cote@boreale.example';
  const ignore = await admin.outbox.seen(to);
  await page.goto('/sign-in/link');
  await page.locator('#f-email').fill(to);
  await submitButton(page).click();
  const signInLink = await admin.outbox.waitForLink({ to, path: '/auth/link/', ignore });
  await visit(page, 'link-confirm-fr', signInLink.link);

  await page.goto('/forgot-password');
  await page.locator('#f-email').fill(to);
  await submitButton(page).click();
  const reset = await admin.outbox.waitForLink({ to, path: '/auth/reset/', ignore });
  await visit(page, 'set-password-reset-fr', reset.link);

  await Promise.all([admin.context.close(), visitor.close()]);
});

// The set-password page showing its errors (posting a too-short password spends nothing).
test('set-password page with errors', async ({ browser }) => {
  const admin = await adminSession(browser);
  const { link } = await admin.outbox.waitForLink({ to: 'emma.wilson@northfield.example', path: '/auth/invitation/' });
  await admin.context.close();
  const visitor = await newContext(browser, { lang: 'en' });
  const page = await visitor.newPage();
  await page.goto(link);
  await page.locator('#f-password').fill('short');
  await page.locator('#f-confirm').fill('short');
  const res = await submitAuthForm(page, () => submitButton(page).click());
  expect.soft(res.status()).toBe(422);
  await check(page, 'set-password-errors-en');
  await visitor.close();
});

const CONTACTS = [
  ['fr', 'genevieve.lavoie@boreale.example'],
  ['en', 'sarah.thompson@mapleridge.example'],
];

for (const [lang, email] of CONTACTS) {
  test(`contact pages (${lang})`, async ({ browser }) => {
    const context = await newContext(browser, { lang });
    const page = await context.newPage();
    const s = (n) => `${n}-${lang}`;
    await signIn(page, email);
    await expect(page).toHaveURL(/\/portal$/);

    await visit(page, s('portal'), '/portal');
    await visit(page, s('account'), '/account');
    await visit(page, s('account-sessions'), '/account/sessions');
    await visit(page, s('account-profile'), '/account/profile');
    // An empty name: the error beside the field, nothing saved.
    await page.locator('#f-name').fill('');
    await submitAndCheck(page, s('account-profile-errors'), submitButton(page), 422);
    await visit(page, s('company'), '/portal/company');
    // A malformed billing email: the error beside the field, nothing saved.
    await page.locator('#f-billing_email').fill('pas-une-adresse');
    await submitAndCheck(page, s('company-errors'), submitButton(page), 422);
    await visit(page, s('colleagues'), '/portal/colleagues');
    await visit(page, s('colleague-invite'), '/portal/colleagues/new');
    await page.locator('#f-email').fill('pas-une-adresse');
    await submitAndCheck(page, s('colleague-invite-errors'), submitButton(page), 422);
    await visit(page, s('projects'), '/portal/projects');
    // The demo's first project holds documents.
    const withDocs = page.locator('main .areas a', { hasText: 'Étude géotechnique' });
    const first = (await withDocs.count()) ? withDocs.first() : page.locator('main .areas a').first();
    if (await first.count()) {
      const projectHref = await first.getAttribute('href');
      await visit(page, s('project'), projectHref);
      const doc = page.locator('main a[href^="/documents/"]').first();
      if (await doc.count()) await visit(page, s('document'), await doc.getAttribute('href'));
      await visit(page, s('project-history'), `${projectHref}/history`);
    }
    await visit(page, s('documents-all'), '/portal/documents');
    await visit(page, s('addresses'), '/portal/addresses');
    await visit(page, s('address-new'), '/portal/addresses/new');
    await page.locator('#f-postal_code').fill('12345');
    await submitAndCheck(page, s('address-new-errors'), submitButton(page), 422);
    await visit(page, s('notifications'), '/account/notifications');
    await visit(page, s('account-password'), '/account/password');
    // A too-short new password (the current one is right): errors, nothing changes.
    await page.locator('#f-current').fill(DEMO_PASSWORD);
    await page.locator('#f-password').fill('trop-court');
    await page.locator('#f-confirm').fill('trop-court');
    await submitAndCheck(page, s('account-password-errors'), submitButton(page), 422);
    await context.close();
  });
}

/** The first customer page of the demo's "Béton Mauricie ltée", as an administrator. */
async function adminOnCustomer(browser) {
  const admin = await adminSession(browser);
  await admin.page.goto('/staff/customers');
  await admin.page.getByRole('link', { name: 'Béton Mauricie ltée', exact: true }).click();
  await expect(admin.page).toHaveURL(/\/staff\/customers\/[^/?]+$/);
  return { ...admin, customerPath: new URL(admin.page.url()).pathname };
}

test('staff pages: customers (fr, administrator)', async ({ browser }) => {
  const { context, page, customerPath } = await adminOnCustomer(browser);
  await check(page, 'staff-customer-fr');
  await visit(page, 'staff-customers-fr', '/staff/customers');
  await visit(page, 'staff-customers-search-empty-fr', '/staff/customers?q=zzzz-personne');
  await visit(page, 'staff-customer-edit-fr', `${customerPath}/edit`);
  // Saved unchanged: the customer page with its notice.
  await Promise.all([page.waitForURL(/\?done=saved$/), submitButton(page).click()]);
  await check(page, 'staff-customer-saved-fr');
  await visit(page, 'staff-customer-new-fr', '/staff/customers/new');
  await page.locator('#f-currency').fill('');
  await submitAndCheck(page, 'staff-customer-new-errors-fr', submitButton(page), 422);
  await context.close();
});

test('staff pages: contacts and outbox (fr, administrator)', async ({ browser }) => {
  const { context, page, customerPath } = await adminOnCustomer(browser);
  const edit = page.locator('main table tbody tr').first().locator('a[href$="/edit"]');
  await visit(page, 'staff-contact-edit-fr', await edit.getAttribute('href'));
  await visit(page, 'staff-contact-new-fr', `${customerPath}/contacts/new`);
  await page.locator('#f-email').fill('pas-une-adresse');
  await submitAndCheck(page, 'staff-contact-new-errors-fr', submitButton(page), 422);
  await visit(page, 'staff-outbox-fr', '/staff/outbox');
  const first = page.locator('main table tbody tr a').first();
  await visit(page, 'staff-outbox-email-fr', await first.getAttribute('href'));
  await context.close();
});

test('staff pages: roles (fr, administrator)', async ({ browser }) => {
  const { context, page } = await adminSession(browser);
  await visit(page, 'staff-roles-fr', '/staff/roles');
  const row = (name) => page.locator('main table tbody tr', { hasText: name });
  const href = async (name, re) => row(name).locator('a').filter({ hasText: re }).first().getAttribute('href');
  const edit = await href('Sous-traitant', /^Modifier/);
  const remove = await href('Sous-traitant', /^Supprimer/);
  const preview = await href('Comptabilité', /^Aperçu —/);
  const previewCompany = await href('Comptabilité', /Mon entreprise/);
  await visit(page, 'staff-role-edit-fr', edit);
  await visit(page, 'staff-role-new-fr', '/staff/roles/new');
  await page.locator('#f-name').fill('');
  await submitAndCheck(page, 'staff-role-new-errors-fr', submitButton(page), 422);
  await visit(page, 'staff-role-delete-fr', remove);
  await visit(page, 'staff-role-preview-fr', preview);
  await visit(page, 'staff-role-preview-company-fr', previewCompany);
  await visit(page, 'staff-company-fields-fr', '/staff/company-fields');
  await page.goto('/staff/customers');
  await page.getByRole('link', { name: 'Construction Boréale inc.', exact: true }).click();
  const customer = new URL(page.url()).pathname;
  await visit(page, 'staff-project-new-fr', `${customer}/projects`);
  await page.locator('#f-ends_on').fill('1999-01-01');
  await page.locator('#f-starts_on').fill('2026-01-01');
  await submitAndCheck(page, 'staff-project-new-errors-fr', submitButton(page), 422);
  await page.goto(customer);
  await visit(page, 'staff-project-edit-fr', await page.locator('main a[href^="/staff/projects/"]').first().getAttribute('href'));
  await visit(page, 'staff-import-fr', '/staff/invitations/import');
  await page.locator('#f-text').fill('nom,courriel,numéro,rôle\nLéa Essai,lea.essai@boreale.example,C-1001,\nX,pas-un-courriel,C-1001,\nY,y@boreale.example,C-9999,');
  await submitAndCheck(page, 'staff-import-report-fr', submitButton(page), 200);
  await context.close();
});

test('viewing link pages (fr)', async ({ browser }) => {
  const { context, page } = await adminSession(browser);
  await page.goto('/staff/customers');
  await page.getByRole('link', { name: 'Construction Boréale inc.', exact: true }).click();
  await page.locator('main a[href^="/staff/projects/"]', { hasText: 'Étude géotechnique' }).first().click();
  await check(page, 'staff-project-links-fr');
  const staffDoc = page.locator('main a[href^="/documents/"]').first();
  await visit(page, 'staff-document-access-fr', await staffDoc.getAttribute('href'));
  await page.goBack();
  await page.locator('#f-link-label').fill('Notaire');
  await submitAndCheck(page, 'staff-link-created-fr', page.locator('[data-testid="new-link"] button[type="submit"]'), 200);
  const url = await page.getByTestId('link-url').inputValue();
  // The link is copied with one click (the clipboard read back), and the page says so.
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('copy-link').click();
  await expect(page.getByRole('status').filter({ hasText: 'Lien copié.' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  const visitor = await newContext(browser, { lang: 'fr' });
  const v = await visitor.newPage();
  await visit(v, 'link-open-fr', url);
  await submitAndCheck(v, 'shared-fr', v.locator('main form button[type="submit"]'), 303);
  await expect(v).toHaveURL(/\/shared$/);
  await expect(v.locator('main table')).toContainText('Rapport préliminaire de forage');
  await Promise.all([context.close(), visitor.close()]);
});

test('staff pages (en, accountant: read only)', async ({ browser }) => {
  const context = await newContext(browser, { lang: 'en' });
  const page = await context.newPage();
  await signIn(page, 'julie.roy@geotech-laurentides.example');
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-CA');
  await visit(page, 'staff-customers-en', '/staff/customers');
  await page.getByRole('link', { name: 'Northfield Developments Ltd.', exact: true }).click();
  await check(page, 'staff-customer-en');
  await visit(page, 'staff-forbidden-en', '/staff/outbox', 403);
  await context.close();
});

test('phone screen', async ({ browser }) => {
  const context = await newContext(browser, { lang: 'fr', viewport: PHONE, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await visit(page, 'phone-sign-in-fr', '/sign-in');
  expect.soft(await overflow(), 'sign-in: no horizontal scrolling on a phone').toBeLessThanOrEqual(0);
  await signIn(page, 'genevieve.lavoie@boreale.example');
  await visit(page, 'phone-portal-fr', '/portal');
  expect.soft(await overflow(), 'portal: no horizontal scrolling on a phone').toBeLessThanOrEqual(0);
  for (const [name, url] of [['company', '/portal/company'], ['colleagues', '/portal/colleagues'], ['addresses', '/portal/addresses']]) {
    await visit(page, `phone-${name}-fr`, url);
    expect.soft(await overflow(), `${name}: no horizontal scrolling on a phone (tables scroll inside their frame)`).toBeLessThanOrEqual(0);
  }
  await context.close();
});

// An address change of a contact who has a password: staff ask, the new address confirms it
// (issue 13). The contact is made for the test (invited, password set) so that no other test's
// account changes under it.
test('address change confirmed from the new address (fr; desktop and phone)', async ({ browser }) => {
  const { context, page, customerPath, outbox } = await adminOnCustomer(browser);
  const first = uniqueEmail('adresse');
  await page.goto(`${customerPath}/contacts/new`);
  await page.locator('#f-name').fill('Léa Déménage');
  await page.locator('#f-email').fill(first);
  await Promise.all([page.waitForURL(/\?done=invited$/), submitButton(page).click()]);
  const { link: invitation } = await outbox.waitForLink({ to: first, path: '/auth/invitation/' });
  const guest = await newContext(browser);
  const lea = await guest.newPage();
  await lea.goto(invitation);
  await lea.locator('#f-password').fill('Une-longue-phrase-de-passe-42');
  await lea.locator('#f-confirm').fill('Une-longue-phrase-de-passe-42');
  await Promise.all([lea.waitForURL(/\/portal/), lea.locator('main form button[type="submit"]').click()]);

  // Staff: her row offers a sign-in link (no new invitation), and the edit asks for a confirmation.
  await page.goto(customerPath);
  const row = page.locator('main table tbody tr', { hasText: first });
  await expect(row.getByRole('button', { name: /Envoyer un lien de connexion/ })).toBeVisible();
  await expect(row.getByRole('button', { name: /invitation/i })).toHaveCount(0);
  await page.goto(await row.locator('a[href$="/edit"]').getAttribute('href'));
  const second = uniqueEmail('nouvelle');
  await page.locator('#f-email').fill(second);
  await Promise.all([page.waitForURL(/\?done=address-pending$/), submitButton(page).click()]);
  await check(page, 'staff-address-pending-fr');
  await expect(page.getByRole('status')).toContainText('confirmée');

  // The new address: the confirmation page, on a desktop and a phone, then confirmed.
  const { link } = await outbox.waitForLink({ to: second, path: '/auth/email/' });
  const visitor = await newContext(browser);
  const confirm = await visitor.newPage();
  await visit(confirm, 'address-confirm-fr', link);
  await expect(confirm.locator('main')).toContainText(second);
  await confirm.setViewportSize(PHONE);
  await check(confirm, 'address-confirm-phone-fr');
  await Promise.all([
    confirm.waitForResponse((r) => r.request().method() === 'POST'),
    confirm.getByRole('button', { name: 'Confirmer cette adresse' }).click(),
  ]);
  await check(confirm, 'address-confirmed-phone-fr');
  await expect(confirm.getByRole('status')).toContainText(second);
  await Promise.all([guest.close(), visitor.close(), context.close()]);
});

// The header (issue 15, navigation): on a desktop the areas a contact may open (Projects and
// Documents among them, the current one marked) and an account menu apart; on a phone one line
// with a menu button, a disclosure that works without JavaScript.
test('header: main navigation, account menu, one-line phone header (fr)', async ({ browser }) => {
  const desk = await newContext(browser, { lang: 'fr' });
  const page = await desk.newPage();
  await signIn(page, 'genevieve.lavoie@boreale.example');
  await page.goto('/portal/documents');
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  await expect(nav.getByRole('link')).toHaveText(['Accueil', 'Projets', 'Documents', 'Commander', 'Soumissions', 'Commandes', 'Factures', 'Panier']);
  await expect(nav.getByRole('link', { name: 'Documents' })).toHaveAttribute('aria-current', 'page');
  await nav.getByRole('link', { name: 'Projets' }).click();
  await expect(page).toHaveURL(/\/portal\/projects$/);
  await expect(nav.getByRole('link', { name: 'Projets' })).toHaveAttribute('aria-current', 'page');
  const account = await accountMenu(page);
  await expect(account.getByRole('link', { name: 'Mon compte' })).toBeVisible();
  await expect(account.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
  await check(page, 'header-account-menu-fr');
  await desk.close();

  const phone = await newContext(browser, { lang: 'fr', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const small = await phone.newPage();
  await signIn(small, 'genevieve.lavoie@boreale.example');
  await small.goto('/portal');
  const header = await small.locator('header.top').boundingBox();
  expect(header.height, 'the header is one line on a phone').toBeLessThanOrEqual(72);
  await expect(small.getByRole('navigation', { name: 'Navigation principale' })).toHaveCount(0);
  await small.locator('header details.phone-menu summary').click();
  const menu = small.locator('header details.phone-menu .menu-panel');
  await expect(menu.getByRole('link', { name: 'Documents' })).toBeVisible();
  await expect(menu.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
  await check(small, 'header-phone-menu-fr');
  await menu.getByRole('link', { name: 'Documents' }).click();
  await expect(small).toHaveURL(/\/portal\/documents$/);
  await phone.close();
});

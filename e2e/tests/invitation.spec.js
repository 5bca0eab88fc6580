// A staff member adds a contact with "invite now"; the contact follows the emailed link,
// chooses a password (a too-short one first) and lands on the portal. The link then no
// longer works.
const { test, expect, T, newContext, uniqueEmail, adminSession, submitAuthForm, accountMenu } = require('./helpers');

const COMPANY = 'Construction Boréale inc.';
const GOOD_PASSWORD = 'Lune-rousse-sur-Gaspé-42';

const CASES = [
  // The invitation opens in the invited person's language, whatever the browser asks for.
  { lang: 'fr', browserLang: 'en', name: 'Émilie Bouchard-Rivard', select: 'fr' },
  { lang: 'en', browserLang: 'fr', name: 'Oliver Grant', select: 'en' },
];

for (const c of CASES) {
  test(`invitation of a ${c.lang === 'fr' ? 'French' : 'English'}-speaking contact`, async ({ browser }) => {
    const t = T[c.lang];
    const email = uniqueEmail(`invite-${c.lang}`);

    // Staff side: add the contact, invitation checked.
    const admin = await adminSession(browser);
    const staff = admin.page;
    await staff.goto('/staff/customers');
    await staff.getByRole('link', { name: COMPANY, exact: true }).click();
    await expect(staff).toHaveURL(/\/staff\/customers\/[^/]+$/);
    await expect(staff.getByRole('heading', { level: 1 })).toHaveText(COMPANY);
    await staff.getByRole('link', { name: /^(Add a contact|Ajouter une personne-ressource)$/ }).click();
    await expect(staff).toHaveURL(/\/contacts\/new$/);
    await staff.locator('#f-name').fill(c.name);
    await staff.locator('#f-email').fill(email);
    await staff.locator('#f-locale').selectOption(c.select);
    await expect(staff.locator('#f-invite'), '"invite now" is checked by default').toBeChecked();
    await staff.locator('main form button[type="submit"]').click();
    await expect(staff).toHaveURL(/\/staff\/customers\/[^/]+\?done=invited$/);
    const customerPath = new URL(staff.url()).pathname;
    await expect(staff.getByRole('status')).toContainText(/invitation/i);
    const row = staff.locator('main table tbody tr', { hasText: email });
    await expect(row).toContainText(c.name);
    await expect(row.locator('.badge')).toHaveText(/(Access not yet activated|Accès pas encore activé)/);

    // The invitation email, in the outbox.
    const { link, subject } = await admin.outbox.waitForLink({ to: email, path: '/auth/invitation/' });
    expect(subject).toContain(c.lang === 'fr' ? 'Votre accès au portail client' : 'Your access to the');

    // The invited person, in a browser of their own.
    const guest = await newContext(browser, { lang: c.browserLang });
    const page = await guest.newPage();
    const first = await page.goto(link);
    expect(first.status()).toBe(200);
    await expect(page.locator('html')).toHaveAttribute('lang', t.lang);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.invitationTitle);
    await expect(page.locator('main')).toContainText(c.name);
    await expect(page.locator('main')).toContainText(email);

    // A too-short password: 422, the same page, the message beside the field.
    await page.getByLabel(t.newPassword).fill('court-42');
    await page.getByLabel(t.confirmPassword).fill('court-42');
    const bad = await submitAuthForm(page, () => page.getByRole('button', { name: t.savePassword }).click());
    expect(new URL(bad.url()).pathname).toBe(new URL(link).pathname);
    expect(bad.status(), 'a refused password answers 422 Unprocessable Content').toBe(422);
    await expect(page).toHaveURL(link);
    await expect(page.getByRole('alert')).toContainText(t.formHasErrors);
    const field = page.locator('#f-password');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAttribute('aria-describedby', 'e-password');
    const error = page.locator('#e-password');
    await expect(error).toHaveText(t.passwordShort);
    // Beside the field: in the same field group, right after the input.
    await expect(page.locator('.field.has-error').filter({ has: field }).locator('#e-password')).toBeVisible();
    expect(await field.evaluate((el) => el.nextElementSibling && el.nextElementSibling.id)).toBe('e-password');
    await expect(field, 'the refused password is not sent back').toHaveValue('');

    // A good password, confirmed: signed in, on the portal home.
    await page.getByLabel(t.newPassword).fill(GOOD_PASSWORD);
    await page.getByLabel(t.confirmPassword).fill(GOOD_PASSWORD);
    await submitAuthForm(page, () => page.getByRole('button', { name: t.savePassword }).click());
    await expect(page).toHaveURL(/\/portal$/);
    await expect(page.locator('html')).toHaveAttribute('lang', t.lang);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.hello(c.name));
    await expect(page.locator('main')).toContainText(t.company(COMPANY));
    const areas = page.locator('main .areas > li');
    await expect(areas.locator('h3')).toHaveText(t.areas);
    await expect(areas.first()).toContainText(t.areaNote);
    await expect((await accountMenu(page)).getByRole('button', { name: t.signOut })).toBeVisible();

    // The staff list now shows the contact as active.
    await staff.goto(customerPath);
    await expect(staff.locator('main table tbody tr', { hasText: email }).locator('.badge')).toHaveText('Active');

    // The same link again, from anywhere: it has been used.
    const again = await newContext(browser, { lang: c.lang });
    const page2 = await again.newPage();
    const used = await page2.goto(link);
    expect(used.status()).toBe(410);
    await expect(page2.getByRole('heading', { level: 1 })).toHaveText(t.linkProblemTitle);
    await expect(page2.locator('main')).toContainText(t.linkUsed);
    // And in the invited person's browser too.
    const used2 = await page.goto(link);
    expect(used2.status()).toBe(410);
    await expect(page.locator('main')).toContainText(t.linkUsed);

    await Promise.all([admin.context.close(), guest.close(), again.close()]);
  });
}

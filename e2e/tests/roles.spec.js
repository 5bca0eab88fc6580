// Staff configure a portal role with a hidden field and a read-only field, invite a contact
// with it, and the contact's pages show exactly that; the preview of the role shows the same.
const { test, expect, newContext, uniqueEmail, adminSession, submitAuthForm, accountMenu } = require('./helpers');

const COMPANY = 'Construction Boréale inc.';
const PASSWORD = 'Lune-rousse-sur-Gaspé-42';

test('a role with a hidden and a read-only field, from staff to contact', async ({ browser }) => {
  const roleName = `Sous-traitance ${Date.now().toString(36)}`;
  const admin = await adminSession(browser);
  const staff = admin.page;

  // Staff: the role — projects, and the company editable except a hidden tax number and a
  // read-only legal name.
  await staff.goto('/staff/roles');
  await staff.getByRole('link', { name: 'Nouveau rôle' }).click();
  await expect(staff).toHaveURL(/\/staff\/roles\/new$/);
  await staff.locator('#f-name').fill(roleName);
  // The new-role form starts from the default role (view everything): keep projects and
  // company only.
  for (const box of await staff.locator('input[type="checkbox"][name^="op."]').all()) {
    await box.uncheck();
  }
  await staff.getByLabel('Voir — Projets', { exact: true }).check();
  await staff.getByLabel('Voir — Mon entreprise', { exact: true }).check();
  await staff.getByLabel('Modifier — Mon entreprise', { exact: true }).check();
  await staff.locator('#field-tax_number').selectOption('hidden');
  await staff.locator('#field-legal_name').selectOption('read_only');
  await staff.locator('main form button[type="submit"]').click();
  await expect(staff).toHaveURL(/\/staff\/roles\?done=saved$/);
  const row = staff.locator('main table tbody tr', { hasText: roleName });
  await expect(row).toContainText('Projets');
  await expect(row).toContainText('Mon entreprise');

  // The preview of "My company" as this role: bannered, read-only, no tax number.
  await row.getByRole('link', { name: /Aperçu de « Mon entreprise »/ }).click();
  await expect(staff.getByTestId('preview-banner')).toContainText(roleName);
  await expect(staff.locator('[data-field="legal_name"]')).toHaveAttribute('data-access', 'read_only');
  await expect(staff.locator('[data-field="tax_number"]')).toHaveCount(0);
  await expect(staff.locator('main input[name="phone"]')).toHaveCount(0);
  await expect(staff.locator('[data-field="phone"]')).toHaveAttribute('data-access', 'read_only');
  // The preview of the home: projects only.
  await staff.goto('/staff/roles');
  await staff.locator('main table tbody tr', { hasText: roleName }).getByRole('link', { name: /^Aperçu —/ }).click();
  await expect(staff.getByTestId('preview-banner')).toBeVisible();
  await expect(staff.locator('main .areas h3')).toHaveText(['Projets']);

  // Staff invite a contact with this role.
  const email = uniqueEmail('role');
  await staff.goto('/staff/customers');
  await staff.getByRole('link', { name: COMPANY, exact: true }).click();
  const customerUrl = staff.url();
  await staff.getByRole('link', { name: 'Ajouter une personne-ressource' }).click();
  await staff.locator('#f-role').selectOption({ label: roleName });
  await staff.locator('#f-name').fill('Rémi Sous-Traitant');
  await staff.locator('#f-email').fill(email);
  await staff.locator('main form button[type="submit"]').click();
  await expect(staff).toHaveURL(/\?done=invited$/);
  const contactRow = staff.locator('main table tbody tr', { hasText: email });
  await expect(contactRow).toContainText(roleName);
  await expect(contactRow).toContainText('Sophie Gagnon');

  // The contact accepts and sees exactly what the role allows.
  const { link } = await admin.outbox.waitForLink({ to: email, path: '/auth/invitation/' });
  const guest = await newContext(browser, { lang: 'fr' });
  const page = await guest.newPage();
  await page.goto(link);
  await page.locator('#f-password').fill(PASSWORD);
  await page.locator('#f-confirm').fill(PASSWORD);
  await submitAuthForm(page, () => page.locator('main form button[type="submit"]').click());
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.locator('main .areas h3')).toHaveText(['Projets']);
  await (await accountMenu(page)).getByRole('link', { name: 'Mon entreprise' }).click();
  await expect(page).toHaveURL(/\/portal\/company$/);
  await expect(page.locator('[data-field="legal_name"]')).toHaveAttribute('data-access', 'read_only');
  await expect(page.locator('[data-field="legal_name"]')).toContainText(COMPANY);
  await expect(page.locator('main input[name="legal_name"]')).toHaveCount(0);
  await expect(page.locator('[data-field="tax_number"]')).toHaveCount(0);
  expect(await page.content()).not.toContain('tax_number"');
  // An editable field: saved, and the history shows before and after.
  await page.getByLabel('Téléphone').fill('819 555-0142');
  await page.locator('main form button[type="submit"]').click();
  await expect(page).toHaveURL(/\/portal\/company\?done=saved$/);
  await expect(page.getByRole('status')).toBeVisible();
  await expect(page.getByLabel('Téléphone')).toHaveValue('819 555-0142');
  await expect(page.locator('main table tbody tr').first()).toContainText('819 555-0142');

  // Staff see the change on the customer page.
  await staff.goto(customerUrl);
  await expect(staff.locator('main')).toContainText('819 555-0142');
  await Promise.all([admin.context.close(), guest.close()]);
});

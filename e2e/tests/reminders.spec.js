// Reminders (issue 17): the provider's rules as staff keep them — the demo's four, one added
// with its default texts in both languages, its subject changed, then deleted — and the latest
// reminders with what became of each. Checked with axe, looked at on a phone and a desktop.
const { test, expect, check, adminSession } = require('./helpers');

test('staff keep the reminder rules and see the reminders sent', async ({ browser }) => {
  const { context, page } = await adminSession(browser);
  await page.goto('/staff/invoices');
  await page.getByTestId('reminders-link').click();
  await expect(page).toHaveURL(/\/staff\/settings\/reminders$/);
  const rules = page.getByTestId('reminder-rules');
  await expect(rules).toContainText('3 jours avant l’échéance d’une facture');
  await expect(rules).toContainText('30 jours après l’échéance, facture impayée');
  await expect(rules).toContainText('3 jours avant l’expiration d’une soumission');
  // The demo's overdue invoice was reminded when the workers started.
  await expect(page.getByTestId('reminders-recent')).toContainText('Envoyé');
  await check(page, 'reminders');

  // A rule with a bad number of days is refused on its field.
  await page.getByLabel('Type de rappel').selectOption('invoice_overdue');
  await page.getByLabel('Nombre de jours').fill('0');
  await page.getByRole('button', { name: 'Ajouter la règle' }).click();
  await expect(page.locator('#e-days')).toContainText('de 1 à 365');

  // Added with the default texts; its subject changed.
  await page.getByLabel('Type de rappel').selectOption('quote_expiring');
  await page.getByLabel('Nombre de jours').fill('10');
  await page.getByRole('button', { name: 'Ajouter la règle' }).click();
  await expect(page.getByRole('status')).toContainText('Règle ajoutée');
  await page.getByRole('link', { name: '10 jours avant l’expiration d’une soumission' }).click();
  await expect(page.getByLabel('Message (anglais)')).toHaveValue(/\{link\}/);
  await check(page, 'reminder-rule');
  await page.getByLabel('Objet (français)').fill('Votre soumission {number} expire dans 10 jours');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('status')).toContainText('Règle enregistrée');
  await expect(page.getByTestId('reminder-rules')).toContainText('Votre soumission {number} expire dans 10 jours');

  // Deleted.
  await page.getByRole('link', { name: '10 jours avant l’expiration d’une soumission' }).click();
  await page.getByRole('button', { name: 'Supprimer la règle' }).click();
  await expect(page.getByRole('status')).toContainText('Règle supprimée');
  await expect(page.getByTestId('reminder-rules')).not.toContainText('10 jours avant');
  await context.close();
});

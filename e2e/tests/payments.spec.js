// Paying online (issue 17), against localstripe: the customer pays part of an invoice with a
// card its bank must confirm (3-D Secure), then the rest; the invoice is paid only once
// Stripe's webhook says so. The administrator's payment settings. Checked with axe (Stripe's
// own card field left out), and looked at on a phone and a desktop.
const { test, expect, check, newContext, signIn, adminSession } = require('./helpers');

/** Types a test card into Stripe.js's field (localstripe's: one input per part). */
async function typeCard(page, number) {
  const field = page.getByTestId('card-element');
  await field.locator('input[placeholder="number"]').fill(number);
  await field.locator('input[placeholder="exp_month"]').fill('12');
  await field.locator('input[placeholder="exp_year"]').fill('30');
  await field.locator('input[placeholder="cvc"]').fill('123');
  await field.locator('input[placeholder="postal_code"]').fill('J7Z1A1');
}

test('the customer pays an invoice by card, part then the rest', async ({ browser }) => {
  const context = await newContext(browser, { lang: 'fr' });
  const page = await context.newPage();
  await signIn(page, 'genevieve.lavoie@boreale.example');

  // Invoice 1 (net 60, not due yet): its page offers to pay it, and bank transfer details.
  await page.goto('/portal/invoices');
  await page.locator('tr[data-invoice="invoice-1"]').getByRole('link').click();
  await expect(page.getByTestId('invoice-status')).toHaveText('À payer');
  await expect(page.getByTestId('transfer-instructions')).toContainText('Transit');
  const total = (await page.getByTestId('balance').textContent()).trim();
  await page.getByTestId('pay-invoice').click();
  await expect(page).toHaveURL(/\/portal\/invoices\/pay\?invoice=/);
  await expect(page.getByTestId('pay-due')).toBeChecked();
  await expect(page.getByTestId('pay-form')).toContainText(total);
  await expect(page.getByTestId('card-element').locator('input')).toHaveCount(5);
  await check(page, 'pay', '#card-element');

  // Without a card number, Stripe.js says so and nothing is sent.
  await page.getByTestId('pay-submit').click();
  await expect(page.locator('#card-errors')).not.toBeEmpty();
  await expect(page).toHaveURL(/\/portal\/invoices\/pay/);

  // 100,00 $ with a card whose bank asks for a confirmation.
  await page.getByTestId('pay-other').check();
  await page.getByLabel('Montant (CAD)').fill('100,00');
  await typeCard(page, '4000002760003184');
  await page.getByTestId('pay-submit').click();
  await expect(page).toHaveURL(/\/portal\/payments\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('checkout')).toContainText('Votre banque vous demande de confirmer');
  await check(page, 'checkout-bank');
  await page.getByTestId('bank-confirm').click();
  await page.getByRole('button', { name: 'Complete authentication' }).click();
  await expect(page.getByTestId('checkout')).toHaveAttribute('data-status', 'succeeded', { timeout: 20_000 });
  await expect(page.getByRole('status')).toContainText('100,00');
  await check(page, 'checkout-succeeded');

  // The rest: what is due now is the balance left.
  await page.getByRole('link', { name: /Facture 1/ }).click();
  await expect(page.getByTestId('invoice-status')).toHaveText('Payée en partie');
  await expect(page.getByTestId('payments')).toContainText('Carte');
  await page.getByTestId('pay-invoice').click();
  await typeCard(page, '4242424242424242');
  await page.getByTestId('pay-submit').click();
  await expect(page.getByTestId('checkout')).toHaveAttribute('data-status', 'succeeded', { timeout: 20_000 });
  await page.getByRole('link', { name: /Facture 1/ }).click();
  await expect(page.getByTestId('invoice-status')).toHaveText('Payée');
  await expect(page.getByTestId('pay-invoice')).toHaveCount(0);
  await context.close();
});

test('a declined card is said so, and nothing is paid', async ({ browser }) => {
  const context = await newContext(browser, { lang: 'fr' });
  const page = await context.newPage();
  await signIn(page, 'genevieve.lavoie@boreale.example');
  // The list: choose invoices to pay together (the overdue one here).
  await page.goto('/portal/invoices');
  await page.locator('tr[data-invoice="invoice-2"] input[type="checkbox"]').check();
  await page.getByTestId('pay-selected').click();
  await expect(page).toHaveURL(/\/portal\/invoices\/pay\?invoice=/);
  await typeCard(page, '4000000000000341');
  await page.getByTestId('pay-submit').click();
  await expect(page.getByTestId('checkout')).toHaveAttribute('data-status', 'failed');
  await expect(page.getByRole('alert')).toContainText('Votre carte a été refusée.');
  await expect(page.getByTestId('checkout')).toContainText('Rien n’a été porté');
  await check(page, 'checkout-declined');
  await page.getByTestId('checkout-retry').click();
  await expect(page).toHaveURL(/\/portal\/invoices\/pay\?invoice=/);
  await context.close();
});

test('the administrator sets card payments and transfer instructions', async ({ browser }) => {
  const { context, page } = await adminSession(browser);
  await page.goto('/staff/invoices');
  await page.getByTestId('payment-settings-link').click();
  await expect(page).toHaveURL(/\/staff\/settings\/payments$/);
  await expect(page.getByLabel('Clé publiable (pk_…)')).toHaveValue(/^pk_test_/);
  await expect(page.locator('#f-secret_key')).toHaveValue('');
  await expect(page.getByTestId('payment-settings')).toContainText('/webhooks/stripe');
  await check(page, 'payment-settings');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('status')).toContainText('Paramètres de paiement enregistrés');
  // The customers' card payments, as Stripe confirmed or refused them.
  await page.goto('/staff/invoices');
  await page.getByTestId('online-payments-link').click();
  await expect(page).toHaveURL(/\/staff\/payments$/);
  await check(page, 'online-payments');
  await context.close();
});

test('the customer sends a proof of transfer, staff decide it', async ({ browser }) => {
  const context = await newContext(browser, { lang: 'fr' });
  const page = await context.newPage();
  await signIn(page, 'genevieve.lavoie@boreale.example');
  // Invoice 3 (net 30): the transfer details, and the proof sent with its receipt.
  await page.goto('/portal/invoices');
  await page.locator('tr[data-invoice="invoice-3"]').getByRole('link').click();
  const card = page.getByTestId('transfer-instructions');
  await card.getByText('J’ai payé par virement : envoyer la preuve').click();
  await card.getByLabel('Référence').fill('VIR-E2E-42');
  await card.getByLabel('Reçu du virement').setInputFiles({
    name: 'recu-virement.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'),
  });
  await check(page, 'proof-form');
  await card.getByRole('button', { name: 'Envoyer la preuve' }).click();
  await expect(page).toHaveURL(/\?done=proof$/);
  await expect(page.getByRole('status')).toContainText('votre preuve de virement est envoyée');
  await expect(page.getByTestId('proofs')).toContainText('En vérification');
  await expect(page.getByTestId('proofs')).toContainText('recu-virement.pdf');
  const invoiceUrl = page.url().replace(/\?.*$/, '');

  // Staff see it waiting, open the invoice and say it was not received.
  const { context: staffContext, page: staff } = await adminSession(browser);
  await staff.goto('/staff/invoices');
  await expect(staff.getByTestId('pending-proofs')).toContainText('Facture 3');
  await staff.getByTestId('pending-proofs').getByRole('link', { name: 'Facture 3' }).first().click();
  const row = staff.getByTestId('proofs').locator('tr', { hasText: 'VIR-E2E-42' });
  await expect(row.getByTestId('confirm-proof')).toBeVisible();
  await check(staff, 'staff-proof');
  await row.getByLabel('Pourquoi (le client le verra)').fill('Aucun virement reçu à ce jour');
  await row.getByRole('button', { name: 'Non reçu' }).click();
  await expect(staff.getByRole('status')).toContainText('non reçue');
  await staffContext.close();

  await page.goto(invoiceUrl);
  await expect(page.getByTestId('proofs')).toContainText('Non acceptée');
  await expect(page.getByTestId('proofs')).toContainText('Aucun virement reçu à ce jour');
  await context.close();
});

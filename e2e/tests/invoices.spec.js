// Billing (issue 17): the customer's invoices — what is owed, the amount due now (the
// instalment, not the whole balance) and the schedule; staff see the provider's invoices and
// bill an order. Checked with axe, and looked at on a phone and a desktop.
const { test, expect, check, newContext, signIn, adminSession } = require('./helpers');

test('the customer sees what is owed and the instalment due now', async ({ browser }) => {
  const context = await newContext(browser, { lang: 'fr' });
  const page = await context.newPage();
  await signIn(page, 'genevieve.lavoie@boreale.example');

  await page.locator('header nav').first().getByRole('link', { name: 'Factures' }).click();
  await expect(page).toHaveURL(/\/portal\/invoices$/);
  await expect(page.getByTestId('owed')).toContainText('en retard');
  const rows = page.getByTestId('invoices').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count(), 'the demo invoices (and any billed by other tests)').toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('invoices')).toContainText('En retard');
  await expect(page.getByTestId('invoices')).toContainText('À payer');
  await check(page, 'invoices-list');

  // The overdue one: three instalments, the first past; what is due now is that instalment.
  await rows.filter({ hasText: 'En retard' }).getByRole('link').click();
  await expect(page).toHaveURL(/\/portal\/invoices\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('invoice-status')).toHaveText('En retard');
  const schedule = page.getByTestId('schedule').locator('tbody tr');
  await expect(schedule).toHaveCount(3);
  await expect(schedule.first()).toContainText('En retard');
  await expect(schedule.nth(1)).toContainText('À venir');
  const first = (await schedule.first().locator('td').nth(1).textContent()).trim();
  await expect(page.getByTestId('due-now').locator('.amount')).toHaveText(first);
  const balance = (await page.getByTestId('balance').textContent()).trim();
  expect(balance, 'the balance is more than what is due now').not.toBe(first);
  await expect(page.getByTestId('invoice-pdf')).toHaveAttribute('href', /\/pdf$/);
  await check(page, 'invoice-overdue');

  // The statement of account: brought forward, each entry, the closing balance, the aging.
  await page.goto('/portal/invoices');
  await page.getByTestId('statement-link').click();
  await expect(page).toHaveURL(/\/portal\/invoices\/statement$/);
  await expect(page.getByTestId('statement')).toContainText('Solde reporté');
  await expect(page.getByTestId('statement')).toContainText('Facture 1');
  await expect(page.getByTestId('aging')).toContainText('$');
  await expect(page.getByTestId('statement-pdf')).toHaveAttribute('href', /\/portal\/invoices\/statement\/pdf\?from=/);
  await check(page, 'statement');
  await context.close();
});

test('staff list invoices and bill an order', async ({ browser }) => {
  const { context, page } = await adminSession(browser);
  await page.locator('header nav').first().getByRole('link', { name: 'Factures' }).click();
  await expect(page).toHaveURL(/\/staff\/invoices$/);
  await expect(page.getByTestId('invoices').locator('tbody tr').first()).toBeVisible();
  await check(page, 'staff-invoices');

  // The newest demo order is not invoiced yet: bill it in two instalments.
  await page.goto('/staff/orders');
  await page.getByTestId('orders').locator('tbody tr').first().getByRole('link').first().click();
  const card = page.getByTestId('invoicing');
  await expect(card.getByTestId('bill-order')).toBeVisible();
  await card.getByLabel('Nombre de versements').fill('2');
  await card.getByRole('button', { name: 'Émettre la facture' }).click();
  await expect(page).toHaveURL(/\/staff\/invoices\/[0-9a-f-]{36}\?done=issued$/);
  await expect(page.getByRole('status')).toContainText('La facture est émise');
  // Two instalments (after the deposit, when the newest order came from a quote asking one).
  await expect(page.getByTestId('schedule').locator('tbody tr', { hasNotText: 'acompte' })).toHaveCount(2);
  await check(page, 'staff-invoice-issued');

  // A transfer received for the whole balance (the form offers it): the invoice is paid.
  const pay = page.getByTestId('record-payment');
  await pay.getByLabel('Mode').selectOption('transfer');
  await pay.getByLabel('Référence').fill('VIR-2026-1207');
  await pay.getByRole('button', { name: 'Enregistrer le paiement' }).click();
  await expect(page.getByRole('status')).toContainText('Le paiement est enregistré');
  await expect(page.getByTestId('invoice-status')).toHaveText('Payée');
  await expect(page.getByTestId('payments')).toContainText('VIR-2026-1207');
  await expect(page.getByTestId('record-payment')).toHaveCount(0);
  await check(page, 'staff-invoice-paid');
  await context.close();
});

test('staff write an invoice by hand for what no order carries', async ({ browser }) => {
  const { context, page } = await adminSession(browser);
  await page.getByRole('link', { name: 'Clients', exact: true }).click();
  await page.getByRole('link', { name: 'Construction Boréale inc.', exact: true }).click();
  await page.getByTestId('write-invoice-link').click();
  await expect(page).toHaveURL(/\/staff\/customers\/[0-9a-f-]{36}\/invoices\/new$/);
  await expect(page.getByTestId('invoice-line')).toHaveCount(3);
  await check(page, 'staff-invoice-write');

  // A bad price is refused on its line; what was typed stays.
  const line = (n) => page.getByTestId('invoice-line').nth(n);
  await line(0).getByLabel('Description').fill('Surveillance de chantier');
  await line(0).getByLabel('Quantité').fill('6');
  await line(0).getByLabel('Prix unitaire').fill('quatre-vingt');
  await line(1).getByLabel('Description').fill('Rapport de conformité');
  await line(1).getByLabel('Prix unitaire').fill('450');
  await page.getByRole('button', { name: 'Émettre la facture' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(line(0).getByLabel('Prix unitaire')).toHaveAttribute('aria-invalid', 'true');
  await expect(line(1).getByLabel('Description')).toHaveValue('Rapport de conformité');
  await check(page, 'staff-invoice-write-error');

  await line(0).getByLabel('Prix unitaire').fill('92,50');
  await page.getByRole('button', { name: 'Émettre la facture' }).click();
  await expect(page).toHaveURL(/\/staff\/invoices\/[0-9a-f-]{36}\?done=issued$/);
  await expect(page.getByRole('status')).toContainText('La facture est émise');
  // 6 × 92,50 $ + 450,00 $ = 1 005,00 $, GST and QST: 1 155,50 $.
  await expect(page.getByTestId('invoice-lines')).toContainText('Surveillance de chantier');
  await expect(page.getByTestId('total')).toContainText('1 155,50');
  await check(page, 'staff-invoice-written');
  await context.close();
});

test('the customer pays the deposit of the quote it accepted', async ({ browser }) => {
  const context = await newContext(browser, { lang: 'fr' });
  const page = await context.newPage();
  await signIn(page, 'genevieve.lavoie@boreale.example');
  // The demo's accepted quote asked for 30 %: its order shows the deposit due and leads to it.
  await page.goto('/portal/quotes');
  await page.getByRole('row', { name: /Sondages géotechniques — lot 3/ }).getByRole('link').first().click();
  await page.locator('a[href^="/portal/orders/"]').first().click();
  await expect(page).toHaveURL(/\/portal\/orders\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('deposit-due')).toBeVisible();
  await page.getByTestId('pay-deposit').click();
  await expect(page).toHaveURL(/\/portal\/invoices\/[0-9a-f-]{36}$/);
  await expect(page.locator('h1')).toContainText('Facture d’acompte');
  await expect(page.getByTestId('invoice-lines')).toContainText('Acompte sur la soumission');
  await expect(page.getByTestId('due-now')).toBeVisible();
  await check(page, 'deposit-invoice');
  await context.close();
});

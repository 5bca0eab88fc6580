// Quotes (issue 16): a contact asks, staff prepare and send it, the contact signs it and an
// order is placed; another is refused with a reason. Checked with axe, at phone and desktop
// widths.
const { test, expect, check, newContext, signIn, adminSession } = require('./helpers');

function inAMonth() {
  const d = new Date(Date.now() + 30 * 86400000);
  return d.toISOString().slice(0, 10);
}

test('a contact asks, staff send a quote, the contact signs it and the order is placed', async ({ browser }) => {
  const context = await newContext(browser, { lang: 'fr' });
  const page = await context.newPage();
  await signIn(page, 'genevieve.lavoie@boreale.example');

  // From the main navigation: the demo's quotes, then a request in their own words.
  await page.locator('header nav').first().getByRole('link', { name: 'Soumissions' }).first().click();
  await expect(page).toHaveURL(/\/portal\/quotes$/);
  await expect(page.getByTestId('quotes')).toContainText('Agrandissement du stationnement');
  // The demo's quote accepted through the portal: its status and its order.
  await expect(page.getByTestId('quotes').locator('tr', { hasText: 'Sondages géotechniques' })).toContainText('Acceptée');
  await check(page, 'quotes-list');
  const ask = page.getByTestId('quote-request');
  await ask.locator('#f-title').fill('Puits d’observation — secteur nord');
  await ask.locator('#f-request').fill('Il nous faudrait 6 piézomètres et leurs capuchons.');
  await ask.getByRole('button', { name: 'Envoyer la demande' }).click();
  await expect(page).toHaveURL(/\/portal\/quotes\/[0-9a-f-]{36}\?done=requested$/);
  await expect(page.getByTestId('preparing')).toContainText('nous préparons');
  const quoteId = page.url().match(/quotes\/([0-9a-f-]{36})/)[1];
  await check(page, 'quotes-requested');

  // Staff write it: a product by its code, then the quantity and a discount; then send it.
  const admin = await adminSession(browser);
  const staff = admin.page;
  await staff.goto('/staff/quotes');
  await expect(staff.getByTestId('quotes')).toContainText('Puits d’observation');
  await check(staff, 'quotes-staff-list');
  await staff.goto(`/staff/quotes/${quoteId}`);
  const edit = staff.getByTestId('edit-quote');
  await edit.locator('#f-add_sku').fill('PZ-50');
  await edit.locator('#f-valid_until').fill(inAMonth());
  await edit.locator('#f-deposit_percent').fill('25');
  await edit.locator('#f-terms').fill('Livraison au chantier incluse.');
  await edit.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(staff.getByTestId('notice')).toBeVisible();
  await edit.locator('#f-quantity-0').fill('6');
  await edit.locator('#f-discount-0').fill('5');
  await edit.getByRole('button', { name: 'Enregistrer' }).click();
  // 6 × 172,50 $ less 5 % = 983,25 $
  await expect(staff.getByTestId('quote-lines')).toContainText('983,25');
  await check(staff, 'quotes-staff-draft');
  await staff.getByTestId('send-quote').click();
  await expect(staff.getByTestId('notice')).toContainText('envoyée');
  await expect(staff.getByTestId('revisions')).toContainText('SHA-256');
  await check(staff, 'quotes-staff-sent');

  // The contact reads it, signs with the pointer and accepts.
  await page.goto(`/portal/quotes/${quoteId}`);
  await expect(page.getByTestId('status')).toHaveText('À accepter');
  // 983,25 $ + TPS 49,16 $ + TVQ 98,08 $
  await expect(page.getByTestId('total')).toHaveText('1\u00a0130,49\u00a0$');
  await expect(page.getByTestId('deposit')).toHaveText('282,62\u00a0$');
  const pdf = page.getByTestId('revisions').getByRole('link').first();
  await expect(pdf).toHaveAttribute('href', new RegExp(`/portal/quotes/${quoteId}/pdf/1$`));
  const accept = page.getByTestId('accept');
  const pad = accept.locator('canvas');
  await expect(pad).toBeVisible();
  await check(page, 'quotes-to-accept');
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  await page.mouse.move(box.x + 20, box.y + box.height * 0.7);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) {
    await page.mouse.move(box.x + 20 + i * 15, box.y + box.height * (0.7 - 0.3 * Math.sin(i / 2)));
  }
  await page.mouse.up();
  await expect(accept.locator('#f-strokes')).toHaveValue(/\d+(\.\d)?,\d+/);
  await accept.locator('#f-po_number').fill('BC-SOUM-1');
  await accept.locator('#f-consent').check();
  await accept.getByRole('button', { name: 'Accepter et signer' }).click();
  await expect(page).toHaveURL(/\/portal\/orders\/[0-9a-f-]{36}\?placed=quote$/);
  await expect(page.getByTestId('notice')).toContainText('Soumission acceptée');
  await expect(page.getByTestId('deposit-due')).toContainText('282,62\u00a0$');
  await expect(page.getByTestId('pay-deposit')).toHaveText('Payer l’acompte');
  await check(page, 'quotes-order');

  // The quote, frozen, with its acceptance and receipt.
  await page.goto(`/portal/quotes/${quoteId}`);
  await expect(page.getByTestId('status')).toHaveText('Acceptée');
  await expect(page.getByTestId('acceptance')).toContainText('Geneviève Lavoie');
  await expect(page.getByTestId('receipt')).toBeVisible();
  await expect(page.getByTestId('accept')).toHaveCount(0);
  await check(page, 'quotes-accepted');
  await admin.context.close();
  await context.close();
});

test('a quote is refused with a reason, by keyboard', async ({ browser }) => {
  const context = await newContext(browser, { lang: 'fr' });
  const page = await context.newPage();
  await signIn(page, 'genevieve.lavoie@boreale.example');
  await page.goto('/portal/quotes');
  await page.getByRole('link', { name: /Soumission \d+/ }).first().focus();
  await page.getByTestId('quotes').locator('tr', { hasText: 'Agrandissement du stationnement' }).getByRole('link').click();
  await expect(page.getByTestId('status')).toHaveText('À accepter');
  const refuse = page.getByTestId('refuse');
  // Without a reason the browser keeps the form; with one, it is declined.
  await refuse.locator('#f-reason').focus();
  await page.keyboard.type('Budget reporté à l’an prochain.');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('notice')).toContainText('Soumission refusée');
  await expect(page.getByTestId('status')).toHaveText('Refusée');
  await expect(page.getByTestId('reason')).toHaveText('Budget reporté à l’an prochain.');
  await check(page, 'quotes-refused');
  await context.close();
});

// Notifications in the portal (issue 17): the bell in the header on a phone and a desktop,
// the list, and the preferences' fourth choice. Checked with axe.
const { test, expect, check, newContext, signIn, adminSession } = require('./helpers');

test('the bell leads to the notifications, on a phone too', async ({ browser }) => {
  const context = await newContext(browser, { lang: 'fr' });
  const page = await context.newPage();
  await signIn(page, 'genevieve.lavoie@boreale.example');
  await page.getByTestId('bell-on-wide').click();
  await expect(page).toHaveURL(/\/notifications$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Notifications');
  await check(page, 'notices');
  // On a phone the header stays one line: the name, the bell, the menu.
  await page.setViewportSize({ width: 360, height: 740 });
  await expect(page.getByTestId('bell-on-phone')).toBeVisible();
  const header = await page.locator('header.top').boundingBox();
  expect(header.height).toBeLessThan(80);
  await page.getByRole('link', { name: 'Choisir ce qui m’est envoyé' }).click();
  await expect(page.locator('select').first().locator('option[value="portal"]')).toHaveText('Dans le portail seulement');
  await context.close();
});

test('staff hear of a new order in the portal and open it', async ({ browser }) => {
  // The customer orders; the administrator's bell counts it; opening it leads to the order.
  const context = await newContext(browser, { lang: 'fr' });
  const buyer = await context.newPage();
  await signIn(buyer, 'genevieve.lavoie@boreale.example');
  const { context: staffContext, page } = await adminSession(browser);
  const count = page.getByTestId('bell-on-wide').locator('.count');
  const before = (await count.count()) ? Number(await count.textContent()) : 0;
  await buyer.goto('/portal/catalog?q=pi%C3%A9zo');
  await buyer.locator('[data-sku="PZ-50"] input[name="quantity"]').fill('1');
  await buyer.locator('[data-sku="PZ-50"] input[name="quantity"]').press('Enter');
  await expect(buyer.getByTestId('added')).toContainText('PZ-50');
  await buyer.goto('/portal/cart');
  const form = buyer.getByTestId('place-order');
  if (!(await form.locator('input[name="address"]:checked').count())) {
    await form.locator('input[name="address"][value="other"]').check();
    await form.locator('#f-other_address').fill('450, rue Saint-Paul\nQuébec QC G1K 3A9');
  }
  await form.getByRole('button', { name: 'Passer la commande' }).click();
  await expect(buyer).toHaveURL(/\/portal\/orders\/[0-9a-f-]{36}\?placed=1$/);
  await page.goto('/staff/customers');
  await expect(page.getByTestId('bell-on-wide').locator('.count')).toHaveText(String(before + 1));
  await page.getByTestId('bell-on-wide').click();
  const first = page.getByTestId('notices').locator('li').first();
  await expect(first).toHaveClass(/unread/);
  await expect(first).toContainText('Nouvelle commande');
  await first.getByRole('link').click();
  await expect(page).toHaveURL(/\/staff\/orders\/[0-9a-f-]{36}$/);
  await context.close();
  await staffContext.close();
});

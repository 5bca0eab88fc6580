// Selling (issue 16): a buyer orders from their catalog at their prices, follows the order;
// staff ship it. Checked with axe, and looked at on a phone and a desktop.
const { test, expect, check, newContext, signIn, adminSession } = require('./helpers');

test('a buyer orders at their prices, staff ship, the buyer follows it', async ({ browser }) => {
  // A long story (eight pages, each saved at two widths and checked with axe): 28 s alone, up
  // to 45 s beside another worker on two cores.
  test.slow();
  const context = await newContext(browser, { lang: 'fr' });
  const page = await context.newPage();
  await signIn(page, 'genevieve.lavoie@boreale.example');

  // The catalog from the main navigation: the contractors' price, their exclusive kit.
  await page.locator('header nav').first().getByRole('link', { name: 'Commander' }).first().click();
  await expect(page).toHaveURL(/\/portal\/catalog$/);
  // Some 200 products, a page at a time; then one category.
  await expect(page.getByTestId('catalog-pages')).toContainText('Page 1');
  await expect(page.locator('li.product')).toHaveCount(48);
  await page.locator('#f-category').selectOption('Instruments de terrain');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  const piezo = page.locator('[data-sku="PZ-50"]');
  await expect(piezo.getByTestId('price')).toHaveText('172,50\u00a0$');
  await expect(page.locator('[data-sku="BOR-CUSTOM"]')).toBeVisible();
  await check(page, 'orders-catalog');

  // Search, then add two piezometers by keyboard.
  await page.locator('#q').fill('piézo');
  await page.locator('#q').press('Enter');
  await expect(page.locator('[data-sku="PZ-50"]')).toBeVisible();
  await expect(page.locator('[data-sku="CAP-12"]')).toHaveCount(0);
  await page.locator('[data-sku="PZ-50"] input[name="quantity"]').fill('2');
  await page.locator('[data-sku="PZ-50"] input[name="quantity"]').press('Enter');
  await expect(page.getByTestId('added')).toContainText('PZ-50');

  // The cart: totals with GST and QST, then the order placed.
  await page.getByTestId('added').getByRole('link').click();
  await expect(page).toHaveURL(/\/portal\/cart$/);
  await expect(page.getByTestId('subtotal')).toHaveText('345,00\u00a0$');
  // 345,00 $ + TPS 17,25 $ + TVQ 34,41 $
  await expect(page.getByTestId('total')).toHaveText('396,66\u00a0$');
  await check(page, 'orders-cart');
  const form = page.getByTestId('place-order');
  if (!(await form.locator('input[name="address"]:checked').count())) {
    await form.locator('input[name="address"][value="other"]').check();
    await form.locator('#f-other_address').fill('450, rue Saint-Paul\nQuébec QC G1K 3A9');
  }
  await form.locator('#f-po_number').fill('BC-E2E-1');
  await form.getByRole('button', { name: 'Passer la commande' }).click();
  await expect(page).toHaveURL(/\/portal\/orders\/[0-9a-f-]{36}\?placed=1$/);
  await expect(page.getByTestId('notice')).toContainText('est passée');
  await expect(page.getByTestId('status')).toHaveText('Reçue');
  await expect(page.getByTestId('total')).toHaveText('396,66\u00a0$');
  const orderUrl = page.url().replace(/\?.*$/, '');
  const heading = (await page.locator('h1').innerText()).split('\n')[0].replace(/\s*Reçue$/, '').trim();
  await check(page, 'orders-placed');

  // The list of orders, with the demo's shipped one and its tracking link.
  await page.goto('/portal/orders');
  await expect(page.getByTestId('orders')).toContainText('BC-E2E-1');
  await check(page, 'orders-list');
  await page.getByRole('link', { name: 'Commande 3', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('Expédiée');
  await expect(page.getByTestId('tracking')).toHaveAttribute('href', /purolator\.com/);
  await check(page, 'orders-shipped');

  // Staff see it among open orders and ship it.
  const admin = await adminSession(browser);
  const staff = admin.page;
  await staff.goto('/staff/orders');
  await staff.getByRole('link', { name: heading, exact: true }).click();
  // Everything left leaves in one parcel (the quantities are filled in).
  const ship = staff.getByTestId('ship-order');
  await ship.locator('#f-carrier').selectOption('ups');
  await ship.locator('#f-tracking').fill('1Z999AA10123456784');
  await ship.getByRole('button', { name: 'Enregistrer l’expédition' }).click();
  await expect(staff.getByTestId('status')).toHaveText('Expédiée');
  await check(staff, 'orders-staff-order');
  await staff.goto('/staff/catalog');
  await check(staff, 'orders-staff-catalog');
  await staff.locator('main table a').first().click();
  await check(staff, 'orders-staff-product');
  await admin.context.close();

  // The buyer sees it shipped, with the carrier's link.
  await page.goto(orderUrl);
  await expect(page.getByTestId('status')).toHaveText('Expédiée');
  await expect(page.getByTestId('tracking')).toHaveAttribute('href', 'https://www.ups.com/track?tracknum=1Z999AA10123456784');
  await context.close();
});

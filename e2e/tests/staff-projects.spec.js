// Staff's project list across customers (issue 15): the flows' queues together — what waits
// on staff, what waits on the customer — found from the main navigation, filtered without
// JavaScript, readable on a phone.
const { test, expect, check, adminSession } = require('./helpers');

test('staff find the projects waiting on them across customers', async ({ browser }) => {
  const { context, page } = await adminSession(browser);
  // Signed in, staff land on their desk: each queue says how many wait, and leads to its list.
  await expect(page.locator('main h1')).toContainText('Bonjour');
  for (const id of ['desk-projects', 'desk-quotes', 'desk-orders', 'desk-proofs']) {
    await expect(page.getByTestId(id).getByRole('heading')).toBeVisible();
  }
  await expect(page.getByTestId('desk-projects').locator('li').first()).toBeVisible();
  await check(page, 'staff-desk-fr');
  await page.getByRole('navigation').getByRole('link', { name: 'Projets', exact: true }).first().click();
  await expect(page).toHaveURL(/\/staff\/projects$/);
  const rows = page.getByTestId('projects').locator('tbody tr');
  expect(await rows.count()).toBeGreaterThan(3);
  await check(page, 'staff-projects-fr');

  // What waits on us: every row says so, in words.
  await page.getByRole('link', { name: 'En attente de nous', exact: true }).click();
  await expect(page).toHaveURL(/waiting=staff/);
  const ours = page.getByTestId('projects').locator('tbody tr');
  expect(await ours.count()).toBeGreaterThan(0);
  for (const w of await ours.evaluateAll((rs) => rs.map((r) => r.dataset.waiting))) {
    expect(w).toBe('staff');
  }
  await expect(ours.first()).toContainText('En attente de nous');

  // A search by the customer's name, typed and sent by keyboard.
  await page.getByLabel('Rechercher un projet (titre, référence ou client)').fill('Boréale');
  await page.getByLabel('En attente de').selectOption('');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/q=Bor/);
  const found = page.getByTestId('projects').locator('tbody tr');
  expect(await found.count()).toBeGreaterThan(0);
  for (const text of await found.allInnerTexts()) expect(text).toContain('Boréale');

  // On a phone the rows are stacked cards: nothing wider than the screen.
  await page.setViewportSize({ width: 360, height: 740 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide).toBeLessThanOrEqual(360);
  await check(page, 'staff-projects-search-fr');

  // One click to the project.
  await page.setViewportSize({ width: 1280, height: 900 });
  const first = found.first().getByRole('link').first();
  const title = (await first.innerText()).trim();
  await first.click();
  await expect(page).toHaveURL(/\/staff\/projects\/[0-9a-f-]+$/);
  await expect(page.locator('main')).toContainText(title);
  await context.close();
});

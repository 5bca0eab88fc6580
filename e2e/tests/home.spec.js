// The contact's home says what waits on the customer, most urgent first (issue 15): each line
// is one click from where to act, overdue ones first and marked; the areas count what waits.
const { test, expect, check, newContext, signIn } = require('./helpers');

test('the home says what waits on the customer, most urgent first', async ({ browser }) => {
  const context = await newContext(browser, { lang: 'fr' });
  const page = await context.newPage();
  await signIn(page, 'genevieve.lavoie@boreale.example');
  await page.goto('/portal');
  const waiting = page.getByTestId('waiting');
  await expect(waiting.getByRole('heading', { name: 'Ce qui vous attend' })).toBeVisible();
  const lines = waiting.locator('li[data-waiting]');
  expect(await lines.count()).toBeGreaterThan(2);
  // Overdue lines come first, each marked in words (not by colour alone). (The demo has an
  // overdue invoice and request; other tests running beside this one may settle them.)
  const overdue = await lines.evaluateAll((ls) => ls.map((l) => l.classList.contains('overdue')));
  const onTime = overdue.indexOf(false);
  expect(onTime).toBeGreaterThanOrEqual(0);
  expect(overdue.slice(onTime)).not.toContain(true);
  for (let i = 0; i < onTime; i += 1) {
    await expect(lines.nth(i).getByText('En retard')).toBeVisible();
  }
  // The areas say how many things wait in them.
  await expect(page.locator('[data-area="quotes"]')).toContainText(/attend(ent)? votre réponse/);
  await check(page, 'home-waiting-fr');

  // By keyboard: the first line's link is reachable and leads where to act.
  const first = lines.first().getByRole('link');
  const href = await first.getAttribute('href');
  await first.focus();
  await expect(first).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(href.replace(/[#?].*$/, '').replace(/[/]/g, '\\/')));
  await expect(page.locator('main h1')).toBeVisible();
  await context.close();
});

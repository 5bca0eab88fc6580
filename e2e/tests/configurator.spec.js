// Configurable products and quotes in a project's offer (issue 16): a contact configures the
// demo's made-to-measure piezometer — options that no longer fit are not offered, the price
// follows each choice without reloading — and asks for a quote; the same without JavaScript,
// step by step; staff's rule editor; the study project's offer listing its quote. Checked with
// axe, at phone and desktop widths.
const fs = require('fs');
const path = require('path');
const AxeBuilder = require('@axe-core/playwright').default;
const { test, expect, newContext, signIn, adminSession, saveScreen } = require('./helpers');

const SCREENS = path.join(__dirname, '..', 'test-results', 'screens');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function check(page, name, { axe = true } = {}) {
  await page.waitForLoadState('load');
  fs.mkdirSync(SCREENS, { recursive: true });
  for (const [w, h] of [[1280, 900], [360, 740]]) {
    await page.setViewportSize({ width: w, height: h });
    await saveScreen(page, path.join(SCREENS, `${name}-${w}.png`));
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  // axe runs in the page: not in a context without JavaScript (the same page is checked with it).
  if (!axe) return;
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const found = results.violations.map(
    (v) => `${v.id} [${v.impact}] ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
  );
  expect.soft(found, `axe violations on ${name} (${page.url()})`).toEqual([]);
}

/** Waits for the page's live update after a change. */
async function updated(page, change) {
  const form = page.locator('form[data-configure]');
  await form.evaluate((f) => f.removeAttribute('data-updated'));
  await change();
  await expect(form).toHaveAttribute('data-updated', '1');
}

test('a contact configures a product, sees its price follow, and asks for a quote', async ({ browser }) => {
  const context = await newContext(browser, { lang: 'fr' });
  const page = await context.newPage();
  await signIn(page, 'genevieve.lavoie@boreale.example');
  await page.goto('/portal/catalog?q=mesure');
  const card = page.locator('li.product', { hasText: 'Piézomètre sur mesure' });
  await expect(card).toContainText('À partir de');
  await card.getByTestId('configure').click();
  await expect(page).toHaveURL(/\/configure$/);
  await expect(page.getByTestId('config-price')).toContainText('Faites un choix dans chaque groupe');
  await check(page, 'configure-start');

  // 100 mm: stainless steel is no longer offered; 50 mm would limit the depth to 15 m.
  await updated(page, () => page.getByLabel('100 mm').check());
  await expect(page.locator('#opt-materiau-inox')).toBeDisabled();
  await expect(page.locator('[data-group="materiau"]')).toContainText('non offerte avec vos choix');
  await updated(page, () => page.getByLabel('PVC annexe 40').check());
  await updated(page, () => page.getByLabel('Tubage hors sol cadenassé').check());
  // The depth, typed with the keyboard: the price appears.
  await page.locator('#opt-profondeur').fill('20');
  await updated(page, () => page.locator('#opt-profondeur').press('Tab'));
  // 120,00 $ + 65,00 $ + 20 × 18,50 $ + 140,00 $
  await expect(page.getByTestId('config-price')).toContainText('695,00');
  await expect(page.getByTestId('config-text')).toContainText('Diamètre : 100 mm');
  await check(page, 'configure-complete');
  await page.locator('#f-quantity').fill('2');
  await page.locator('#f-note').fill('Pour le forage F-12.');
  await page.getByTestId('config-ask-quote').click();
  await expect(page).toHaveURL(/\/portal\/quotes\/[0-9a-f-]{36}\?done=requested$/);
  await expect(page.locator('main')).toContainText('Piézomètre sur mesure');
  await expect(page.locator('main')).toContainText('Pour le forage F-12.');
  await context.close();
});

test('without JavaScript, the configurator goes step by step', async ({ browser }) => {
  const context = await newContext(browser, { lang: 'fr', javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, 'genevieve.lavoie@boreale.example');
  await page.goto('/portal/catalog?q=mesure');
  await page.locator('li.product', { hasText: 'Piézomètre sur mesure' }).getByTestId('configure').click();
  await page.getByLabel('50 mm').check();
  await page.getByRole('button', { name: 'Mettre à jour le prix' }).click();
  await expect(page.locator('[data-group="profondeur"]')).toContainText('De 3 à 15');
  await page.getByLabel('Acier inoxydable 316').check();
  await page.getByLabel('Couvercle affleurant').check();
  await page.locator('#opt-profondeur').fill('25');
  // Asked with a depth beyond what 50 mm allows: refused on its field, nothing asked.
  await page.getByTestId('config-ask-quote').click();
  await expect(page.locator('[data-group="profondeur"] .error')).toContainText('de 3 à 15');
  await check(page, 'configure-refused', { axe: false });
  await page.locator('#opt-profondeur').fill('12');
  await page.getByRole('button', { name: 'Mettre à jour le prix' }).click();
  // 120,00 + 0 + 240,00 + 12 × 18,50 + 85,00
  await expect(page.getByTestId('config-price')).toContainText('667,00');
  await context.close();
});

test('staff write the rules; a project waiting on its offer lists its quote', async ({ browser }) => {
  const admin = await adminSession(browser);
  const staff = admin.page;
  await staff.goto('/staff/catalog?q=PZ-MESURE');
  await staff.getByRole('link', { name: 'Piézomètre sur mesure' }).first().click();
  await expect(staff.getByTestId('product-configurator')).toContainText('se vend configuré');
  await staff.getByRole('link', { name: 'Modifier le configurateur' }).click();
  await expect(staff.getByTestId('config-rules')).toContainText('Limite');
  await check(staff, 'configurator-staff');
  // A rule that leaves nothing: 100 mm and 50 mm both excluded with PVC, stainless excluded
  // with 100 mm already… and stainless now excluded with 50 mm.
  const blank = staff.locator('[data-testid="config-rules"] tbody tr').nth(2);
  await blank.locator('select').selectOption('excludes');
  await blank.locator('input[name$=".a"]').fill('materiau.inox');
  await blank.locator('input[name$=".b"]').fill('diametre.d50');
  const more = staff.locator('[data-testid="config-rules"] tbody tr').nth(3);
  await more.locator('select').selectOption('excludes');
  await more.locator('input[name$=".a"]').fill('materiau.pvc');
  await more.locator('input[name$=".b"]').fill('protection.affleurant');
  const last = staff.locator('[data-testid="config-rules"] tbody tr').nth(4);
  await last.locator('select').selectOption('excludes');
  await last.locator('input[name$=".a"]').fill('materiau.pvc');
  await last.locator('input[name$=".b"]').fill('protection.hors_sol');
  await staff.getByTestId('save-configurator').click();
  await expect(staff.getByTestId('config-problem')).toContainText('aucune configuration possible');
  await expect(staff.locator('[data-testid="rule-at-fault"]')).toHaveCount(4);
  await check(staff, 'configurator-staff-conflict');
  await admin.context.close();

  // The study project of Construction Boréale waits on its offer: its quote, with its total.
  const context = await newContext(browser, { lang: 'fr' });
  const page = await context.newPage();
  await signIn(page, 'genevieve.lavoie@boreale.example');
  await page.goto('/portal/projects');
  await page.getByRole('link', { name: 'Étude géotechnique — agrandissement de l’entrepôt' }).click();
  const offer = page.getByTestId('offer-quotes');
  await expect(offer).toContainText('Étude géotechnique — agrandissement de l’entrepôt');
  await expect(offer).toContainText('$');
  await expect(page.locator('button[value="offer_accepted"]')).toHaveCount(0);
  await check(page, 'flow-offer-quotes-fr');
  await offer.getByTestId('offer-open-quote').click();
  await expect(page.getByTestId('for-project')).toContainText('Étude géotechnique');
  await expect(page.getByTestId('accept')).toBeVisible();
  await context.close();
});

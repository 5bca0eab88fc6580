// Project flows in a real browser: a customer walks the demo's solar installation flow
// (fills in the initial documentation with a file, draws the roof with the mouse and with
// the keyboard alternative, accepts the offer), and staff see and make each transition.
// Every page on the way is checked by axe and saved in test-results/screens/.
const fs = require('node:fs');
const path = require('node:path');
const AxeBuilder = require('@axe-core/playwright').default;
const { test, expect, newContext, signIn, adminSession, saveScreen } = require('./helpers');

const SCREENS = path.join(__dirname, '..', 'test-results', 'screens');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

test.describe.configure({ timeout: 120_000 });

async function check(page, name) {
  await page.waitForLoadState('load');
  fs.mkdirSync(SCREENS, { recursive: true });
  await saveScreen(page, path.join(SCREENS, `${name}.png`));
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const found = results.violations.map(
    (v) => `${v.id} [${v.impact}] ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
  );
  expect.soft(found, `axe violations on ${name} (${page.url()})`).toEqual([]);
}

/** Clicks a submit button and waits for the page the POST leads to; returns the POST's status. */
async function submit(page, button) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
    button.click(),
  ]);
  await page.waitForLoadState('load');
  return res.status();
}

const step = (page) => page.locator('[data-testid="step"]');

test('a customer walks the solar flow; staff see and make each transition', async ({ browser }) => {
  const context = await newContext(browser, { lang: 'fr' });
  const page = await context.newPage();
  await signIn(page, 'genevieve.lavoie@boreale.example');
  await page.goto('/portal/projects');
  await page.getByRole('link', { name: 'Panneaux solaires — siège social' }).click();
  const projectPath = new URL(page.url()).pathname;
  const projectId = projectPath.split('/').pop();
  await expect(page.locator('.progress [aria-current="step"]').first()).toContainText('Votre demande');
  await expect(step(page)).toHaveAttribute('data-step', 'documentation_initiale');
  await check(page, 'flow-documentation-fr');

  // Submitted empty: each required field says so; the page keeps what was typed.
  await page.locator('#ff-notes').fill('Accès par la porte arrière.');
  expect(await submit(page, page.getByRole('button', { name: 'Soumettre' }))).toBe(422);
  await expect(page.locator('#e-ff-roof_type')).toBeVisible();
  await expect(page.locator('#e-ff-electricity_bill')).toBeVisible();
  await expect(page.locator('#ff-notes')).toHaveValue('Accès par la porte arrière.');
  await check(page, 'flow-documentation-errors-fr');

  // Filled in with a file, by keyboard where it matters (radio buttons, selects).
  await page.locator('#ff-roof_type').selectOption('asphalt');
  await page.locator('#ff-orientation').selectOption('south');
  await page.locator('#ff-shading-no').check();
  await page.locator('#ff-monthly_bill').fill('182,40');
  await page.locator('#ff-electricity_bill').setInputFiles({ name: 'facture-hydro.pdf', mimeType: 'application/pdf', buffer: PDF });
  expect(await submit(page, page.getByRole('button', { name: 'Soumettre' }))).toBe(303);
  await expect(page.locator('#flow .alert.ok')).toContainText('Merci');
  await expect(step(page)).toHaveAttribute('data-step', 'dessin_toit');

  // The drawing tool: four corners clicked on the grid, saved (still editable).
  const canvas = page.locator('[data-drawing] canvas');
  await expect(canvas).toBeVisible();
  const box = await canvas.boundingBox();
  const at = (mx, my) => ({ x: (mx * 10 * box.width) / 640, y: (my * 10 * box.height) / 400 });
  for (const [x, y] of [[5, 5], [25, 5], [25, 17], [5, 17]]) {
    await canvas.click({ position: at(x, y) });
  }
  await expect(page.locator('#f-points')).not.toHaveValue('');
  await expect(page.locator('[data-area]')).toContainText('m²');
  await check(page, 'flow-drawing-fr');
  expect(await submit(page, page.getByRole('button', { name: 'Enregistrer le dessin' }))).toBe(303);
  await expect(step(page)).toHaveAttribute('data-step', 'dessin_toit');
  await expect(page.locator('[data-testid="drawing-doc"]')).toBeVisible();
  // The keyboard alternative: a width and a length, then submitted.
  await page.locator('#f-width').fill('12');
  await page.locator('#f-length').fill('7,5');
  expect(await submit(page, page.getByRole('button', { name: 'Soumettre mon dessin' }))).toBe(303);
  await expect(step(page)).toHaveAttribute('data-step', 'analyse');
  await check(page, 'flow-waiting-fr');

  // Staff: the transitions are on the project's page; they publish the offer and move on.
  const admin = await adminSession(browser);
  await admin.page.goto(`/staff/projects/${projectId}`);
  await expect(admin.page.locator('[data-testid="staff-step"]')).toHaveAttribute('data-step', 'analyse');
  await expect(admin.page.locator('[data-testid="staff-flow-values"]')).toContainText('182,4');
  await expect(admin.page.locator('main')).toContainText('Étape complétée');
  await admin.page.locator('#f-doc-title').fill('Offre — 8,2 kW');
  await admin.page.locator('#f-doc-kind').selectOption('quote');
  await admin.page.locator('#f-doc-file').setInputFiles({ name: 'offre.pdf', mimeType: 'application/pdf', buffer: PDF });
  await submit(admin.page, admin.page.locator('[data-testid="upload"] button[type="submit"]'));
  await admin.page.goto(`/staff/projects/${projectId}`);
  await admin.page.locator('#f-flow-step').selectOption('offre');
  expect(await submit(admin.page, admin.page.locator('[data-testid="move-flow"] button'))).toBe(303);
  await expect(admin.page.locator('[data-testid="staff-step"]')).toHaveAttribute('data-step', 'offre');
  await check(admin.page, 'flow-staff-project-fr');

  // The customer accepts the offer: the terms first.
  await page.goto(projectPath);
  await expect(step(page)).toHaveAttribute('data-step', 'offre');
  await expect(page.locator('[data-testid="quotes"]')).toContainText('Offre — 8,2 kW');
  await check(page, 'flow-offer-fr');
  expect(await submit(page, page.getByRole('button', { name: 'Accepter l’offre' }))).toBe(422);
  await expect(page.locator('#e-accept-terms')).toBeVisible();
  await page.locator('#f-accept-terms').check();
  expect(await submit(page, page.getByRole('button', { name: 'Accepter l’offre' }))).toBe(303);
  await expect(step(page)).toHaveAttribute('data-step', 'financement');
  await check(page, 'flow-financing-fr');
  await page.goto(`${projectPath}/history`);
  await expect(page.locator('main')).toContainText('Conditions acceptées');

  // Staff see where the project went, and who accepted which terms.
  await admin.page.goto(`/staff/projects/${projectId}`);
  await expect(admin.page.locator('[data-testid="staff-step"]')).toHaveAttribute('data-step', 'financement');
  await expect(admin.page.locator('main')).toContainText('conditions_vente v1');

  // Financing, then the team (contract signed) plans the visit.
  await page.goto(projectPath);
  await page.locator('#ff-financing_mode').selectOption('loan');
  expect(await submit(page, page.getByRole('button', { name: 'Soumettre' }))).toBe(303);
  await expect(step(page)).toHaveAttribute('data-step', 'signature');
  await admin.page.goto(`/staff/projects/${projectId}`);
  await expect(admin.page.locator('[data-testid="staff-step"]')).toHaveAttribute('data-step', 'signature');
  await admin.page.locator('#f-flow-step').selectOption('visite');
  expect(await submit(admin.page, admin.page.locator('[data-testid="move-flow"] button'))).toBe(303);
  await admin.page.locator('#f-visit-tech').selectOption({ label: 'Marc Tremblay' });
  await admin.page.locator('#f-visit-date').fill('2027-04-20');
  await admin.page.locator('#f-visit-start').fill('09:00');
  await admin.page.locator('#f-visit-end').fill('12:00');
  await admin.page.locator('#f-visit-note').fill('Stationnez dans l’entrée.');
  expect(await submit(admin.page, admin.page.locator('[data-testid="visit-form"] button[type="submit"]').first())).toBe(303);
  await page.goto(projectPath);
  await expect(page.locator('[data-testid="visit"]')).toContainText('Stationnez dans l’entrée.');
  await expect(page.locator('[data-testid="visit"]')).toContainText('20 avril 2027, 9 h à 12 h');

  // After the visit: installation documentation (a photo), then the closing page.
  await admin.page.locator('#f-flow-step').selectOption('documentation_installation');
  expect(await submit(admin.page, admin.page.locator('[data-testid="move-flow"] button'))).toBe(303);
  await page.goto(projectPath);
  await page.locator('#ff-panel_photo').setInputFiles({ name: 'panneau.jpg', mimeType: 'image/jpeg', buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1]) });
  expect(await submit(page, page.getByRole('button', { name: 'Soumettre' }))).toBe(303);
  await expect(step(page)).toHaveAttribute('data-step', 'termine');
  await expect(step(page)).toContainText('Vos panneaux produisent!');
  await expect(page.locator('.progress .stage.done')).toHaveCount(4);
  await check(page, 'flow-done-fr');
  await admin.page.goto(`/staff/projects/${projectId}`);
  await expect(admin.page.locator('[data-testid="staff-step"]')).toHaveAttribute('data-step', 'termine');
  await admin.context.close();
  await context.close();
});

test('staff flow pages and a planned visit (fr)', async ({ browser }) => {
  const admin = await adminSession(browser);
  const { page } = admin;
  await page.goto('/staff/flows');
  await check(page, 'staff-flows-fr');
  await page.getByRole('link', { name: 'Étude géotechnique' }).click();
  await expect(page.locator('main')).toContainText('Offre de services');
  await check(page, 'staff-flow-fr');
  // A step's own form: its page, fields, terms and transitions.
  const flowPath = new URL(page.url()).pathname;
  await page.getByRole('link', { name: 'Offre de services', exact: true }).click();
  await expect(page.locator('#f-page')).toHaveValue('offer');
  await check(page, 'staff-flow-step-fr');
  // The team's queue at a step.
  await page.goto(`${flowPath}/steps/offre_etude/projects`);
  await expect(page.locator('[data-testid="waiting"]')).toContainText('Étude géotechnique — agrandissement de l’entrepôt');
  await check(page, 'staff-flow-waiting-fr');
  await page.goto(flowPath);
  await page.locator('details[data-testid="add-field"] summary').click();
  await check(page, 'staff-flow-add-field-fr');
  await page.locator('details:has(#f-definition) summary').click();
  // A broken definition is refused with a message; nothing changes.
  await page.locator('#f-definition').fill('{"statuses": [');
  expect(await submit(page, page.getByRole('button', { name: 'Enregistrer le parcours' }))).toBe(422);
  await expect(page.locator('[data-testid="problems"]')).toContainText('JSON');
  await check(page, 'staff-flow-errors-fr');
  await admin.context.close();

  // The customer of the inspection sees the planned visit and can add it to a calendar.
  const context = await newContext(browser, { lang: 'fr' });
  const customer = await context.newPage();
  await signIn(customer, 'pierre.belanger@stjerome.example');
  await customer.goto('/portal/projects');
  await customer.getByRole('link', { name: 'Inspection des fondations' }).click();
  await expect(customer.locator('[data-testid="visit"]')).toContainText('Marc Tremblay');
  await check(customer, 'flow-visit-fr');
  const ics = await customer.request.get(`${new URL(customer.url()).pathname}/visit.ics`);
  expect(ics.status()).toBe(200);
  expect(await ics.text()).toContain('BEGIN:VEVENT');
  await context.close();
});

test('a project flow on a phone (en)', async ({ browser }) => {
  const context = await newContext(browser, { lang: 'en', viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await signIn(page, 'james.miller@northfield.example');
  await page.goto('/portal/projects');
  await page.getByRole('link', { name: 'Solar roof — Northfield warehouse' }).click();
  await expect(step(page)).toHaveAttribute('data-step', 'dessin_toit');
  await check(page, 'flow-drawing-phone-en');
  await context.close();
});

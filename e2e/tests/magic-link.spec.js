// Signing in with an emailed link: the GET shows a confirmation page (a mail scanner opening
// the link does not spend it), the button signs in, and the link then no longer works.
const { test, expect, T, newContext, adminSession, submitAuthForm } = require('./helpers');

const CASES = [
  { lang: 'fr', email: 'pierre.belanger@stjerome.example', name: 'Pierre Bélanger', company: 'Ville de Saint-Jérôme' },
  { lang: 'en', email: 'james.miller@northfield.example', name: 'James Miller', company: 'Northfield Developments Ltd.' },
];

for (const c of CASES) {
  test(`sign-in link (${c.lang})`, async ({ browser }) => {
    const t = T[c.lang];
    const admin = await adminSession(browser);
    const ignore = await admin.outbox.seen(c.email);

    // Asking for a link.
    const visitor = await newContext(browser, { lang: c.lang });
    const page = await visitor.newPage();
    await page.goto('/sign-in');
    await expect(page.locator('html')).toHaveAttribute('lang', t.lang);
    await page.getByRole('link', { name: t.signInByEmail }).click();
    await expect(page).toHaveURL(/\/sign-in\/link$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.signInLinkTitle);
    await page.getByLabel(/^(Email address|Adresse courriel)/).fill(c.email);
    await page.getByRole('button', { name: t.sendLink }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.checkEmailTitle);
    await expect(page.getByRole('status')).toBeVisible();

    // The email, in the outbox.
    const { link } = await admin.outbox.waitForLink({ to: c.email, path: '/auth/link/', ignore });

    // Opening the link: a confirmation page with one button; the GET does not spend it.
    const first = await page.goto(link);
    expect(first.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.linkConfirmTitle);
    await expect(page.locator('main')).toContainText(c.email);
    await expect(page.locator('main button')).toHaveCount(1);
    await expect(page.locator('main form')).toHaveAttribute('method', 'post');
    const second = await page.reload();
    expect(second.status(), 'a second GET still shows the confirmation').toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.linkConfirmTitle);
    // Nobody is signed in yet.
    await expect(page.getByRole('button', { name: t.signOut })).toHaveCount(0);

    // The button signs in.
    await submitAuthForm(page, () => page.getByRole('button', { name: t.linkConfirmButton }).click());
    await expect(page).toHaveURL(/\/portal$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.hello(c.name));
    await expect(page.locator('main')).toContainText(t.company(c.company));

    // The link again: used.
    const used = await page.goto(link);
    expect(used.status()).toBe(410);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.linkProblemTitle);
    await expect(page.locator('main')).toContainText(t.linkUsed);

    await Promise.all([admin.context.close(), visitor.close()]);
  });
}

// The page of a link that no longer works offers to send a new one.
test('a new link from the link-problem page', async ({ browser }) => {
  const t = T.en;
  const visitor = await newContext(browser, { lang: 'en' });
  const page = await visitor.newPage();
  const res = await page.goto('/auth/link/not-a-real-token');
  expect(res.status()).toBe(410);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.linkProblemTitle);
  await page.getByLabel(/^(Email address|Adresse courriel)/).fill('nobody@northfield.example');
  const sent = await submitAuthForm(page, () => page.getByRole('button', { name: t.sendLink }).click());
  expect(sent.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.checkEmailTitle);
  await visitor.close();
});

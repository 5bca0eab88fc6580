// The FR/EN switch: flips the page language in place, and is remembered for a signed-in
// person (on their next sign-in, from any browser).
const { test, expect, T, newContext, signIn, accountMenu } = require('./helpers');

const CONTACT = { email: 'isabelle.fortin@habitations.example', name: 'Isabelle Fortin' }; // French in the demo

async function expectLanguage(page, lang, heading) {
  await expect(page.locator('html')).toHaveAttribute('lang', T[lang].lang);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
  const other = lang === 'fr' ? 'en' : 'fr';
  await expect(page.getByTestId('language-switch')).toHaveText(T[lang].switchTo);
  await expect(page.getByTestId('language-switch')).toHaveAttribute('lang', other);
}

test('the switch flips the sign-in page between French and English', async ({ browser }) => {
  const context = await newContext(browser, { lang: 'fr' });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await expectLanguage(page, 'fr', T.fr.signInTitle);

  await page.getByTestId('language-switch').click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expectLanguage(page, 'en', T.en.signInTitle);
  await expect(page.getByRole('link', { name: T.en.signInByEmail })).toBeVisible();

  // Kept on this browser for the next pages.
  await page.goto('/forgot-password');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-CA');

  await page.goto('/sign-in');
  await page.getByTestId('language-switch').click();
  await expectLanguage(page, 'fr', T.fr.signInTitle);
  await context.close();
});

test('the language chosen by a contact is remembered for their next sign-in', async ({ browser }) => {
  // A French-speaking contact signs in and switches to English on the portal.
  const first = await newContext(browser, { lang: 'fr' });
  const page = await first.newPage();
  await signIn(page, CONTACT.email);
  await expect(page).toHaveURL(/\/portal$/);
  await expectLanguage(page, 'fr', T.fr.hello(CONTACT.name));
  await expect(page.getByRole('navigation').getByRole('link', { name: T.fr.home })).toBeVisible();

  await page.getByTestId('language-switch').click();
  await expect(page).toHaveURL(/\/portal$/);
  await expectLanguage(page, 'en', T.en.hello(CONTACT.name));
  await expect(page.getByRole('navigation').getByRole('link', { name: T.en.home })).toBeVisible();
  await expect(page.locator('main .areas h3')).toHaveText(T.en.areas);
  // The account page shows the remembered language.
  await page.goto('/account');
  await expect(page.locator('main .facts')).toContainText('English');

  // Sign out.
  await (await accountMenu(page)).getByRole('button', { name: T.en.signOut }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('button', { name: T.en.signOut })).toHaveCount(0);
  await first.close();

  // Another browser, which asks for French: the sign-in page is French, but once signed in
  // the contact's own choice (English) applies.
  const second = await newContext(browser, { lang: 'fr' });
  const page2 = await second.newPage();
  await page2.goto('/sign-in');
  await expectLanguage(page2, 'fr', T.fr.signInTitle);
  await signIn(page2, CONTACT.email);
  await expect(page2).toHaveURL(/\/portal$/);
  await expectLanguage(page2, 'en', T.en.hello(CONTACT.name));
  await expect(page2.locator('main')).toContainText(T.en.company('Habitations Laurentiennes'));

  // Back to French, remembered as well.
  await page2.getByTestId('language-switch').click();
  await expectLanguage(page2, 'fr', T.fr.hello(CONTACT.name));
  await page2.goto('/account');
  await expect(page2.locator('main .facts')).toContainText('Français');
  await second.close();
});

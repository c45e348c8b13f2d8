import { Browser } from '@playwright/test';
import { password, signedIn } from '../playwright.config';
import { expect, test, expectAccessible, hydrated, signIn } from './helpers';

const signedOut = { cookies: [], origins: [] };

/** A page in a new browser context with nobody signed in. */
async function freshPage(browser: Browser) {
  const project = test.info().project.use;
  const context = await browser.newContext({ storageState: signedOut, javaScriptEnabled: project.javaScriptEnabled, baseURL: project.baseURL });
  return context.newPage();
}

test.describe('signed out', () => {
  test.use({ storageState: signedOut });

  test('a page sends you to sign in, then back; the header shows who you are; sign out ends it', async ({ page }) => {
    await page.goto('/security-groups?region=ap-northeast-1');
    await expect(page).toHaveURL(/\/signin\?next=%2Fsecurity-groups%3Fregion%3Dap-northeast-1$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
    await expectAccessible(page);
    await page.getByLabel('User name').fill('editor');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/security-groups\?region=ap-northeast-1$/);
    const account = page.getByRole('group', { name: 'Signed in' });
    await expect(account).toContainText('editor');
    await expect(account).toContainText('Editor');
    await account.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
    await page.goto('/global');
    await expect(page).toHaveURL(/\/signin\?next=%2Fglobal$/);
  });

  test('a wrong password is refused, the name kept, and nothing said about which was wrong', async ({ page }) => {
    await page.goto('/signin');
    await page.getByLabel('User name').fill('viewer');
    await page.getByLabel('Password').fill('not the right password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('The user name or password is wrong. Check both and try again.');
    await expect(page.getByLabel('User name')).toHaveValue('viewer');
    await expect(page.getByLabel('User name')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Password')).toHaveValue('');
    await expectAccessible(page);
  });

  test('the sign-in page is in Japanese for a Japanese browser', async ({ browser }) => {
    const context = await browser.newContext({
      storageState: signedOut,
      locale: 'ja-JP',
      javaScriptEnabled: test.info().project.use.javaScriptEnabled,
      baseURL: test.info().project.use.baseURL,
    });
    const page = await context.newPage();
    await page.goto('/signin');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('サインイン');
    await expect(page.getByLabel('ユーザー名')).toBeVisible();
    await expect(page.getByLabel('パスワード')).toBeVisible();
    await context.close();
  });
});

test.describe('a viewer', () => {
  test.use({ storageState: signedIn('viewer') });

  test('sees no control that changes anything, and no Users page', async ({ page }) => {
    // The only buttons a viewer gets: filters, the region selector and signing out.
    const readOnly = ['Apply filters', 'Show region', 'Sign out'];
    // Activity entries expand with a disclosure ("Details"), which changes nothing.
    const isReadOnly = (b: string) => readOnly.includes(b) || b.startsWith('Details');
    for (const path of ['/security-groups?region=us-east-1', '/global', '/activity']) {
      await page.goto(path);
      await expect(page.getByRole('group', { name: 'Signed in' })).toContainText('Viewer');
      const buttons = await page.getByRole('button').allTextContents();
      expect(buttons.map((b) => b.trim()).filter((b) => !isReadOnly(b)), path).toEqual([]);
      await expect(page.getByRole('link', { name: 'Users', exact: true })).toHaveCount(0);
    }
    const users = await page.goto('/users');
    expect(users?.status()).toBe(403);
    await expect(page.getByRole('alert')).toContainText('it needs the Admin role');
  });
});

test.describe('an admin', () => {
  test('adds an editor on the Users page, who can then sign in', async ({ page, browser }) => {
    const name = `new-editor-${test.info().project.name}`;
    await page.goto('/users');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Users');
    await expect(page.getByRole('row', { name: /^admin/ })).toContainText('Admin');
    await expectAccessible(page);
    const form = page.getByRole('region', { name: 'Add user' });
    await form.getByLabel('User name').fill(name);
    await form.getByLabel('Password').fill(password);
    await form.getByLabel('Role').selectOption({ label: 'Editor' });
    await form.getByRole('button', { name: 'Add user' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
    await expect(row).toContainText('Editor');
    await expect(row).toContainText('Active');

    const other = await freshPage(browser);
    await signIn(other, name);
    await expect(other.getByRole('group', { name: 'Signed in' })).toContainText(`${name} Editor`);
    await other.context().close();
  });

  test('a password that is too short is refused with what to do', async ({ page }) => {
    await page.goto('/users');
    const js = test.info().project.use.javaScriptEnabled !== false;
    if (js) await hydrated(page);
    const form = page.getByRole('region', { name: 'Add user' });
    await form.getByLabel('User name').fill(`short-${test.info().project.name}`);
    await form.getByLabel('Role').selectOption({ label: 'Editor' });
    await form.getByLabel('Password').fill('too short');
    if (js) {
      // Hydrated, the field says so as it is typed, with the server's words.
      await expect(form.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
      await expect(form.getByText('The password is too short.')).toBeVisible();
    }
    await form.getByRole('button', { name: 'Add user' }).click();
    await expect(page.getByRole('alert')).toContainText('The password is too short.');
    await expect(page.getByRole('row').filter({ hasText: `short-${test.info().project.name}` })).toHaveCount(0);
    // What was typed is still there, with or without JavaScript (without, the page came back
    // from the server, which never sends a password back).
    await expect(form.getByLabel('User name')).toHaveValue(`short-${test.info().project.name}`);
    await expect(form.getByLabel('Role')).toHaveValue('editor');
    if (!js) await expect(form.getByLabel('Password')).toHaveValue('');
  });

  test('the last active admin cannot be disabled', async ({ page }) => {
    await page.goto('/users');
    if (test.info().project.use.javaScriptEnabled !== false) await hydrated(page);
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^admin/ }) });
    await row.getByRole('button', { name: 'Disable' }).click();
    await expect(page.getByRole('alert')).toContainText('This is the last active admin');
    await expect(row).toContainText('Active');
  });
});

test('Activity lists what was done, filtered, with its details and a download', async ({ page }) => {
  await page.goto('/activity');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Activity');
  await expectAccessible(page);
  await page.getByLabel('User', { exact: true }).fill('viewer');
  await page.getByLabel('Action').selectOption({ label: 'Sign in' });
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/[?&]user=viewer/);
  await expect(page).toHaveURL(/[?&]action=sign-in(&|$)/);
  const rows = page.locator('table tbody tr');
  await expect(rows.first()).toContainText('Sign in');
  for (const row of await rows.all()) {
    await expect(row.getByRole('cell').nth(1)).toContainText('viewer');
    await expect(row.getByRole('cell').nth(4)).toHaveText('Succeeded');
  }
  await rows.first().getByText('Details').click();
  await expect(rows.first().locator('dd').first()).toHaveText('127.0.0.1');
  await expect(page.getByRole('link', { name: 'Download JSON Lines' })).toHaveAttribute(
    'href',
    '/activity/download?user=viewer&action=sign-in',
  );
  const download = await page.request.get('/activity/download?user=viewer&action=sign-in');
  expect(download.headers()['content-type']).toContain('application/x-ndjson');
  const lines = (await download.text()).trim().split('\n').map((line) => JSON.parse(line));
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.every((entry) => entry.user === 'viewer' && entry.action === 'sign-in')).toBe(true);
});

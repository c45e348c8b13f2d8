import { test as setup, expect } from '@playwright/test';
import { endpointConsoleURL, password, signedIn } from '../playwright.config';

// Each account signs in once, through the sign-in page; the tests start from its cookies.
for (const account of ['admin', 'editor', 'viewer']) {
  setup(`sign in as ${account}`, async ({ page }) => {
    await page.goto('/signin');
    await page.getByLabel('User name').fill(account);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('group', { name: 'Signed in' })).toContainText(account);
    await page.context().storageState({ path: signedIn(account) });
  });
}

setup('sign in to the console on the endpoint', async ({ page }) => {
  await page.goto(`${endpointConsoleURL}/signin`);
  await page.getByLabel('User name').fill('admin');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('group', { name: 'Signed in' })).toContainText('admin');
  await page.context().storageState({ path: signedIn('endpoint-admin') });
});

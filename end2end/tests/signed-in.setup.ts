import { BrowserContext, test as setup } from '@playwright/test';
import { editConsoleURL, endpointConsoleURL, signedIn } from '../playwright.config';
import { signIn } from './helpers';

/** Keeps the session, not the language the hydrated page remembered: tests choose their own. */
async function save(context: BrowserContext, account: string) {
  await context.clearCookies({ name: 'i18n_pref_locale' });
  await context.storageState({ path: signedIn(account) });
}

// Each account signs in once, through the sign-in page; the tests start from its cookies.
for (const account of ['admin', 'editor', 'viewer']) {
  setup(`sign in as ${account}`, async ({ page }) => {
    await signIn(page, account);
    await save(page.context(), account);
  });
}

setup('sign in to the console on the endpoint', async ({ page }) => {
  await signIn(page, 'admin', endpointConsoleURL);
  await save(page.context(), 'endpoint-admin');
});

for (const account of ['admin', 'editor', 'viewer']) {
  setup(`sign in as ${account} to the console for changes`, async ({ page }) => {
    await signIn(page, account, editConsoleURL);
    await save(page.context(), `edit-${account}`);
  });
}

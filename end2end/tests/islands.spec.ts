import { expect, test, groupRow, hydrated } from './helpers';

// With JavaScript, only a page's forms run in the browser (each an island): a page without one
// loads no WASM, and a form's page loads its island's (the main module and its split chunks)
// and hydrates the form. Everything else is the server's HTML, the same with JavaScript or
// without.

test('only the pages with a form load WASM', async ({ page }) => {
  const wasm: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.endsWith('.wasm')) wasm.push(request.url());
  });
  for (const path of ['/security-groups?region=us-east-1', '/findings', '/reach', '/global', '/instances', '/activity']) {
    await page.goto(path);
    await hydrated(page);
  }
  await page.goto('/security-groups?region=us-east-1');
  await groupRow(page, 'web').getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('web');
  await hydrated(page);
  expect(wasm).toEqual([]);

  await page.getByRole('link', { name: 'Edit inbound rules' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit inbound rules');
  await hydrated(page);
  expect(wasm.length).toBeGreaterThan(0);
});

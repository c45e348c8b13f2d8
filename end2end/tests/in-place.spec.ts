import { expect, test, bodyRows, documentLoads, groupRow, hydrated } from './helpers';

// With JavaScript, the hydrated pages update in place: no document is loaded again after the
// first. (Without JavaScript the same controls are links and GET forms; the other specs cover
// them in both modes.)

test('the language switches in place', async ({ page }) => {
  await page.goto('/security-groups?region=us-east-1');
  await hydrated(page);
  const loads = documentLoads(page);
  await page.getByRole('link', { name: '日本語' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('セキュリティグループ (9)');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  expect(loads.map((r) => r.url())).toEqual([]);
});

test('filters, sorting and opening a group update in place', async ({ page }) => {
  await page.goto('/security-groups?region=us-east-1');
  await hydrated(page);
  const loads = documentLoads(page);

  await page.getByLabel('Find security groups').fill('postgresql');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/[?&]q=postgresql/);
  await expect(bodyRows(page)).toHaveCount(1);

  await page.getByRole('main').getByRole('link', { name: 'Clear filters' }).click();
  await expect(bodyRows(page)).toHaveCount(9);
  await page.getByRole('link', { name: 'Inbound rules count' }).click();
  await expect(page.getByRole('columnheader', { name: 'Inbound rules count' })).toHaveAttribute('aria-sort', 'ascending');

  await groupRow(page, 'web').getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('web');
  expect(loads.map((r) => r.url())).toEqual([]);
});

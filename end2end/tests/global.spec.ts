import { expect, test, expectAccessible } from './helpers';

test('reads every region at once, with counts, and explains the region that fails', async ({ page }) => {
  const response = await page.goto('/global');
  expect(response?.status()).toBe(200);
  const regions = page.getByRole('table', { name: 'Regions' });
  await expect(regions.getByRole('row', { name: /^us-east-1 / })).toHaveText(/us-east-1\s*9\s*2\s*OK/);
  await expect(regions.getByRole('row', { name: /^ap-northeast-1 / })).toHaveText(/ap-northeast-1\s*9\s*2\s*OK/);
  const failed = regions.getByRole('row', { name: /^eu-west-1 / });
  await expect(failed).toContainText('Could not be read');
  await expect(failed).toContainText('OptInRequired');
  await expect(page.getByRole('status')).toHaveText('18 of 18 security groups');
  await expectAccessible(page);
});

test('the combined table filters across regions', async ({ page }) => {
  await page.goto('/global');
  await page.getByLabel('Find security groups').fill('bastion');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/\/global\?q=bastion/);
  const rows = page.getByRole('table', { name: 'All security groups' }).locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).getByRole('cell').first()).toHaveText(/^(us-east-1|ap-northeast-1)$/);
  await expect(rows.nth(1).getByRole('cell').first()).toHaveText(/^(us-east-1|ap-northeast-1)$/);
  await expect(rows.nth(0).getByRole('cell').nth(2)).toContainText('(prod)');
});

import { expect, test, expectAccessible, groupRow } from './helpers';

test.describe('a browser that asks for Japanese', () => {
  test.use({ locale: 'ja-JP' });

  test('gets the Japanese console wording', async ({ page }) => {
    await page.goto('/security-groups?region=us-east-1');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('セキュリティグループ (9)');
    await expect(page.getByRole('columnheader', { name: 'インバウンドルールの数', exact: true })).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'アウトバウンドルールの数', exact: true })).toBeVisible();
    await groupRow(page, 'monitoring').getByRole('link').click();
    await expect(page.getByRole('cell', { name: 'カスタム ICMP - IPv4: エコー要求' })).toBeVisible();
    await expectAccessible(page);
  });
});

test('the language can be switched and is remembered', async ({ page }) => {
  await page.goto('/security-groups?region=us-east-1');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('link', { name: '日本語' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('セキュリティグループ (9)');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('セキュリティグループ (9)');
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Security Groups (9)');
});

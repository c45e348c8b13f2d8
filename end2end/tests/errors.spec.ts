import { errorFact, expect, test, expectAccessible } from './helpers';

test('an unknown address is a 404 page', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await page.getByRole('link', { name: 'Go to Security Groups' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Security Groups/);
  await expectAccessible(page);
});

test('a region EC2 has not enabled is explained, with EC2\'s code', async ({ page }) => {
  const response = await page.goto('/security-groups?region=eu-west-1');
  expect(response?.status()).toBe(502);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('This region is not enabled for the AWS account.');
  await expect(alert).toContainText('OptInRequired');
  await expectAccessible(page);
});

test('a region the console does not know is a 404 with a way out', async ({ page }) => {
  const response = await page.goto('/security-groups?region=mars-north-1');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('alert')).toContainText('The region mars-north-1 is not enabled in this console.');
  // No EC2 call was made, so the console's own request id is what support can go by.
  await expect(errorFact(page, 'EC2 request ID')).toHaveCount(0);
  await expect(errorFact(page, 'Console request ID')).toHaveText(response?.headers()['x-request-id'] ?? 'no header');
});

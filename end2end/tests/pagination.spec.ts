import { request } from '@playwright/test';
import { endpointConsolePort, endpointPort } from '../playwright.config';
import { expect, test, bodyRows, expectAccessible } from './helpers';

// Against the console on a separate ec2-local (through its URL), where this test adds groups.
test.use({ baseURL: `http://127.0.0.1:${endpointConsolePort}` });

const AUTH = 'AWS4-HMAC-SHA256 Credential=e2e/20261130/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0';

test.beforeAll(async () => {
  const ec2 = await request.newContext({ baseURL: `http://127.0.0.1:${endpointPort}` });
  for (let i = 1; i <= 60; i++) {
    const name = `load-${String(i).padStart(2, '0')}`;
    const answer = await ec2.post('/', {
      headers: { authorization: AUTH, 'content-type': 'application/x-www-form-urlencoded' },
      data: `Action=CreateSecurityGroup&Version=2016-11-15&GroupName=${name}&GroupDescription=Load+test+${i}`,
    });
    // Both browser projects seed the same endpoint: a group that already exists is fine.
    const body = await answer.text();
    expect(answer.ok() || body.includes('InvalidGroup.Duplicate'), body).toBeTruthy();
  }
  await ec2.dispose();
});

test('pages through more groups than fit on a page', async ({ page }) => {
  await page.goto('/security-groups?region=us-east-1');
  await expect(page.getByRole('note')).toHaveText('This console is connected to an EC2-compatible endpoint, not to Amazon EC2.');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Security Groups (61)');
  await expect(bodyRows(page)).toHaveCount(50);
  const pager = page.getByRole('navigation', { name: 'Pages' });
  await expect(pager).toContainText('Page 1 of 2');
  await pager.getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(bodyRows(page)).toHaveCount(11);
  await expect(pager).toContainText('Page 2 of 2');
  await expect(bodyRows(page).last().getByRole('rowheader')).toHaveText('load-60');
  await expectAccessible(page);
  await pager.getByRole('link', { name: 'Previous page' }).click();
  await expect(bodyRows(page).first().getByRole('rowheader')).toHaveText('default');
});

import { endpointConsoleURL, endpointPort, signedIn } from '../playwright.config';
import { expect, test, bodyRows, ec2 as ec2At, expectAccessible } from './helpers';

// Against the console on a separate ec2-local (through its URL), whose data these tests change
// with EC2 calls: 60 more groups in us-east-1, and an ap-northeast-1 with no VPC left.
test.use({ baseURL: endpointConsoleURL, storageState: signedIn('endpoint-admin') });

const ec2 = (region: string, query: string, tolerated: string[] = []) => ec2At(endpointPort, region, query, tolerated);

test.beforeAll(async () => {
  // Both browser projects run this against the same endpoint: what is already done is fine.
  for (let i = 1; i <= 60; i++) {
    const name = `load-${String(i).padStart(2, '0')}`;
    await ec2('us-east-1', `Action=CreateSecurityGroup&GroupName=${name}&GroupDescription=Load+test+${i}`, ['InvalidGroup.Duplicate']);
  }
  const subnets = await ec2('ap-northeast-1', 'Action=DescribeSubnets');
  for (const [, id] of subnets.matchAll(/<subnetId>(subnet-[0-9a-f]+)<\/subnetId>/g)) {
    await ec2('ap-northeast-1', `Action=DeleteSubnet&SubnetId=${id}`, ['InvalidSubnetID.NotFound']);
  }
  const vpcs = await ec2('ap-northeast-1', 'Action=DescribeVpcs');
  for (const [, id] of vpcs.matchAll(/<vpcId>(vpc-[0-9a-f]+)<\/vpcId>/g)) {
    await ec2('ap-northeast-1', `Action=DeleteVpc&VpcId=${id}`, ['InvalidVpcID.NotFound']);
  }
});

test('a region without security groups says so, apart from a filter that matches nothing', async ({ page }) => {
  await page.goto('/security-groups?region=ap-northeast-1');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Security Groups (0)');
  await expect(page.getByRole('heading', { name: 'No security groups' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'No matches' })).toHaveCount(0);
  await expect(page.getByRole('table')).toHaveCount(0);
  await expectAccessible(page);
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

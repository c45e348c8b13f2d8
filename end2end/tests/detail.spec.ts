import { errorFact, expect, test, bodyRows, expectAccessible, groupRow } from './helpers';

async function openGroup(page: import('@playwright/test').Page, name: string) {
  await page.goto('/security-groups?region=us-east-1');
  await groupRow(page, name).getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(new RegExp(`^${name} \\(sg-[0-9a-f]{17}\\)$`));
}

function ruleRow(page: import('@playwright/test').Page, text: string) {
  return bodyRows(page).filter({ hasText: text });
}

test('shows the summary and the inbound rules with type, protocol, ports, source and rule id', async ({ page }) => {
  await openGroup(page, 'web');
  const details = page.getByRole('region', { name: 'Details' });
  await expect(details).toContainText('Public web servers behind the load balancer');
  await expect(details).toContainText('(prod)');
  await expect(details).toContainText('123456789012');
  await expect(page.getByRole('link', { name: 'Inbound rules (4)' })).toHaveAttribute('aria-current', 'page');
  const https = ruleRow(page, 'HTTPS from the internet (IPv6)');
  // The first cell selects the rule (the tests sign in as an admin), the last holds its tags.
  await expect(https.getByRole('cell')).toHaveText([
    '', /^sgr-[0-9a-f]{17}$/, 'HTTPS', 'TCP', '443', '::/0', 'HTTPS from the internet (IPv6)', 'purpose: public-site',
  ]);
  const http = ruleRow(page, 'HTTP redirect to HTTPS');
  await expect(http.getByRole('cell')).toHaveText(['', /^sgr-/, 'HTTP', 'TCP', '80', '0.0.0.0/0', 'HTTP redirect to HTTPS', '-']);
  await expectAccessible(page);
});

test('a rule naming another group links to it by id and name', async ({ page }) => {
  await openGroup(page, 'app');
  const link = ruleRow(page, 'From the web tier').getByRole('link', { name: /^sg-[0-9a-f]{17} \/ web$/ });
  await link.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^web \(sg-/);
});

test('a rule naming a prefix list shows its id and name', async ({ page }) => {
  await openGroup(page, 'db');
  await expect(ruleRow(page, 'Analysts in the offices').getByRole('cell').nth(5)).toHaveText(/^pl-[0-9a-f]{17} \/ office$/);
  await expect(ruleRow(page, 'From the app servers').getByRole('cell').nth(2)).toHaveText('PostgreSQL');
});

test('ICMP rules are named by type', async ({ page }) => {
  await openGroup(page, 'monitoring');
  await expect(ruleRow(page, 'Ping from inside the VPC').getByRole('cell')).toHaveText([
    '', /^sgr-/, 'Custom ICMP - IPv4: Echo Request', 'ICMP', 'N/A', '10.0.0.0/16', 'Ping from inside the VPC', '-',
  ]);
});

test('the outbound and tags tabs are their own pages', async ({ page }) => {
  await openGroup(page, 'web');
  await page.getByRole('link', { name: 'Outbound rules (2)' }).click();
  await expect(page).toHaveURL(/tab=outbound/);
  await expect(page.getByRole('columnheader', { name: 'Destination' })).toBeVisible();
  await expect(bodyRows(page)).toHaveCount(2);
  await expect(ruleRow(page, '::/0').getByRole('cell')).toHaveText(['', /^sgr-/, 'All traffic', 'All', 'All', '::/0', '-', '-']);
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Tags (3)' }).click();
  await expect(page).toHaveURL(/tab=tags/);
  await expect(page.getByRole('row', { name: 'team platform' })).toBeVisible();
  await expectAccessible(page);
});

test('a group with no inbound rules says what that means', async ({ page }) => {
  await openGroup(page, 'unused');
  await expect(page.getByRole('link', { name: 'Inbound rules (0)' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByText('This security group has no inbound rules')).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
  await expectAccessible(page);
});

test('the tab labels follow a change of language', async ({ page }) => {
  await openGroup(page, 'web');
  await page.getByRole('link', { name: '日本語' }).click();
  await expect(page.getByRole('link', { name: 'インバウンドルール (4)' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'アウトバウンドルール (2)' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'ソース' })).toBeVisible();
});

test('an unknown group is explained with EC2\'s code and request id, as a 404', async ({ page }) => {
  const response = await page.goto('/security-groups/us-east-1/sg-0123456789abcdef0');
  expect(response?.status()).toBe(404);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The security group does not exist in this region.');
  await expect(errorFact(page, 'Error code')).toHaveText('InvalidGroup.NotFound');
  await expect(errorFact(page, 'EC2 request ID')).toHaveText(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
  // The console's own id of the request, as its logs and the x-request-id header carry it.
  await expect(errorFact(page, 'Console request ID')).toHaveText(response?.headers()['x-request-id'] ?? 'no header');
  await expectAccessible(page);
});

test('says what uses the group: interfaces with their instances, launch templates, rules', async ({ page }) => {
  await openGroup(page, 'web');
  const usedBy = page.getByRole('region', { name: 'Used by' });
  await expect(usedBy.getByRole('list', { name: 'Network interfaces' }).getByRole('listitem')).toHaveText([
    /^eni-[0-9a-f]+, on instance i-[0-9a-f]+ \(web-\d\) \(running\)$/,
    /^eni-[0-9a-f]+, on instance i-[0-9a-f]+ \(web-\d\) \(running\)$/,
  ]);
  await expect(usedBy.getByRole('list', { name: 'Launch templates' })).toHaveText(/^web-server \(lt-[0-9a-f]+\): versions 1$/);
  const rule = usedBy.getByRole('list', { name: 'Rules that reference it' }).getByRole('link');
  await expect(rule).toHaveText(/^Inbound rules of app \(sg-[0-9a-f]{17}\): sgr-[0-9a-f]{17}: Custom TCP, TCP, 8080, .*From the web tier/);
  await expectAccessible(page);
  await rule.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^app \(sg-/);

  await openGroup(page, 'unused');
  await expect(page.getByRole('region', { name: 'Used by' })).toContainText(
    'No network interface, launch template or rule uses this security group.',
  );
});

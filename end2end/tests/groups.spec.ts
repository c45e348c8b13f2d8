import { expect, test, bodyRows, expectAccessible, groupRow, signIn } from './helpers';

// The demo data in us-east-1: 9 groups (2 default, web, app, db, bastion, monitoring, unused in
// the `prod` VPC; legacy in the default VPC).

test('lists the region\'s groups with VPC, rule counts and tags', async ({ page }) => {
  await page.goto('/security-groups?region=us-east-1');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Security Groups (9)');
  await expect(page.getByRole('note')).toContainText('Local sandbox.');
  // The first cell chooses the group for an action (the tests sign in as an admin).
  const web = groupRow(page, 'web');
  await expect(web.getByRole('cell').nth(0).getByRole('checkbox', { name: 'Select web' })).toBeVisible();
  await expect(web.getByRole('cell').nth(1)).toHaveText(/^sg-[0-9a-f]{17}$/);
  await expect(web.getByRole('cell').nth(2)).toContainText('(prod)');
  await expect(web.getByRole('cell').nth(4)).toHaveText('4');
  await expect(web.getByRole('cell').nth(5)).toHaveText('2');
  await expect(web.getByRole('cell').nth(6)).toContainText('team: platform');
  await expect(groupRow(page, 'legacy').getByRole('cell').nth(2)).not.toContainText('(prod)');
  await expectAccessible(page);
});

test('filters by text over name, id, description and tag values, kept in the URL', async ({ page }) => {
  await page.goto('/security-groups?region=us-east-1');
  await page.getByLabel('Find security groups').fill('postgresql');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/[?&]q=postgresql/);
  await expect(bodyRows(page)).toHaveCount(1);
  await expect(groupRow(page, 'db')).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('1 of 9 security groups');

  await page.goto('/security-groups?region=us-east-1&q=sre');
  await expect(bodyRows(page)).toHaveCount(1);
  await expect(groupRow(page, 'monitoring')).toBeVisible();
});

test('filters by VPC', async ({ page }) => {
  await page.goto('/security-groups?region=us-east-1');
  const prod = page.getByLabel('VPC', { exact: true }).locator('option', { hasText: '(prod)' });
  await page.getByLabel('VPC', { exact: true }).selectOption({ label: (await prod.textContent()) ?? '' });
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/[?&]vpc=vpc-[0-9a-f]{17}/);
  await expect(page.getByRole('status')).toHaveText('7 of 9 security groups');
  await expect(groupRow(page, 'legacy')).toHaveCount(0);
});

test('a filter that matches nothing says so and offers to clear it', async ({ page }) => {
  await page.goto('/security-groups?region=us-east-1&q=no-such-group');
  await expect(page.getByRole('heading', { name: 'No matches' })).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
  await page.getByRole('main').getByRole('link', { name: 'Clear filters' }).first().click();
  await expect(bodyRows(page)).toHaveCount(9);
});

test('sorts by a column, ascending then descending', async ({ page }) => {
  await page.goto('/security-groups?region=us-east-1');
  await expect(bodyRows(page).first().getByRole('rowheader')).toHaveText('app');
  await page.getByRole('link', { name: 'Inbound rules count' }).click();
  await expect(page.getByRole('columnheader', { name: 'Inbound rules count' })).toHaveAttribute('aria-sort', 'ascending');
  await page.getByRole('link', { name: 'Inbound rules count' }).click();
  await expect(page.getByRole('columnheader', { name: 'Inbound rules count' })).toHaveAttribute('aria-sort', 'descending');
  await expect(bodyRows(page).first().getByRole('rowheader')).toHaveText('web');
  await expect(page).toHaveURL(/sort=inbound&dir=desc/);

  // A filter applied afterwards keeps the order.
  await page.getByLabel('Find security groups').fill('prod');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/q=prod/);
  await expect(page).toHaveURL(/sort=inbound&dir=desc/);
  await expect(page.getByRole('columnheader', { name: 'Inbound rules count' })).toHaveAttribute('aria-sort', 'descending');
  await expect(bodyRows(page).first().getByRole('rowheader')).toHaveText('web');
});

test('switches region with the region selector', async ({ page }) => {
  await page.goto('/security-groups?region=us-east-1');
  await page.getByLabel('Region').selectOption('ap-northeast-1');
  await page.getByRole('button', { name: 'Show region' }).click();
  await expect(page).toHaveURL(/region=ap-northeast-1/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Security Groups (9)');
  await expect(groupRow(page, 'web').getByRole('link')).toHaveAttribute('href', /^\/security-groups\/ap-northeast-1\/sg-/);
});

test('the console name in the header goes to the start page', async ({ page }) => {
  await page.goto('/global');
  await page.getByRole('link', { name: 'SG Console' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Security Groups \(9\)$/);
});

test('the skip link moves focus to the main content', async ({ page }) => {
  await page.goto('/security-groups?region=us-east-1');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('main').locator(':focus')).toHaveCount(1);
});

test.describe('in a session of its own', () => {
  // The region looked at last is the session's: other tests must not look at one in between.
  test.use({ storageState: { cookies: [], origins: [] } });

  test('the start page opens the region looked at last', async ({ page }) => {
    await signIn(page, 'viewer');
    await page.goto('/security-groups?region=ap-northeast-1');
    await page.goto('/');
    await expect(page).toHaveURL(/\/security-groups\?region=ap-northeast-1$/);
  });
});

test('each page says how long it waited on EC2 and how long it took itself', async ({ page }) => {
  // A read of EC2 newer than now, not the region's shared snapshot (which waits on nothing).
  const response = await page.goto(`/security-groups?region=us-east-1&refresh=${Date.now()}`);
  const timing = response?.headers()['server-timing'] ?? '';
  expect(timing).toMatch(/^ec2;dur=\d+(\.\d+)?;desc="EC2", app;dur=\d+(\.\d+)?;desc="SG Console"$/);
  expect(Number(/ec2;dur=([\d.]+)/.exec(timing)?.[1])).toBeGreaterThan(0);
});

test('the list says when its region was read, and Refresh reads EC2 again', async ({ page }) => {
  await page.goto('/security-groups?region=us-east-1&q=postgresql');
  await expect(page.getByText(/^As of \d\d:\d\d:\d\d UTC\./)).toBeVisible();
  const refresh = page.getByRole('link', { name: 'Refresh' });
  const href = await refresh.getAttribute('href');
  expect(href).toMatch(/^\/security-groups\?region=us-east-1&q=postgresql&refresh=\d+$/);
  // Following it answers from a read of EC2 newer than the one shown: its own, or one made since
  // for someone else (the other specs share this console; the server's tests count the calls)...
  const shown = Number(/refresh=(\d+)/.exec(href ?? '')?.[1]);
  const read = await page.request.get(href ?? '');
  expect(Number(/refresh=(\d+)/.exec(await read.text())?.[1])).toBeGreaterThan(shown);
  // ...and the page keeps its filter.
  await refresh.click();
  await expect(page).toHaveURL(/[?&]refresh=\d+/);
  await expect(bodyRows(page)).toHaveCount(1);
  await expect(page.getByText(/^As of \d\d:\d\d:\d\d UTC\./)).toBeVisible();
});

test('Actions open the chosen group\'s editor, and ask for one group when none is chosen', async ({ page }) => {
  await page.goto('/security-groups?region=us-east-1');
  await page.getByText('Actions', { exact: true }).click();
  await page.getByRole('button', { name: 'Edit outbound rules' }).click();
  await expect(page.getByRole('alert')).toHaveText('Choose one security group, then choose the action again.');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Back to the security groups' }).click();

  await groupRow(page, 'db').getByRole('checkbox', { name: 'Select db' }).check();
  await page.getByText('Actions', { exact: true }).click();
  await page.getByRole('button', { name: 'Edit outbound rules' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit outbound rules');
  await expect(page).toHaveURL(/\/security-groups\/us-east-1\/sg-[0-9a-f]{17}\/outbound\/edit$/);
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toContainText(/sg-[0-9a-f]{17}/);
});

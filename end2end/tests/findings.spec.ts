import { expect, expectAccessible, hydrated, jsOn, test } from './helpers';

// Findings and "Who can reach", with JavaScript and without, on the demo data of the console
// on its embedded sandbox (read-only: nothing here changes EC2).


test('findings name the risky group, filter in the URL, and link to the rule to fix', async ({ page }) => {
  await page.goto('/findings?region=us-east-1');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Findings');
  const legacySsh = page
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: /^legacy \(sg-/ }) })
    .filter({ hasText: 'to 22:' });
  await expect(legacySsh).toHaveCount(1);
  await expect(legacySsh).toContainText('High');
  await expect(legacySsh).toContainText('Inbound from 0.0.0.0/0 to 22: remote administration open to the internet');
  await expectAccessible(page);

  await page.getByLabel('Check').selectOption({ label: 'Unused security group' });
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/check=unused-group/);
  const rows = page.locator('table tbody tr');
  await expect(rows.filter({ has: page.getByRole('rowheader', { name: /^unused \(sg-/ }) })).toHaveCount(1);
  for (const text of await rows.allTextContents()) expect(text).toContain('On no network interface, in no launch template version');

  await page.goto('/findings?region=us-east-1&check=open-admin-port');
  const fix = page.getByRole('link', { name: /^Fix sgr-[0-9a-f]+ of legacy \(sg-/ }).first();
  const ruleId = (await fix.getAttribute('aria-label'))?.match(/sgr-[0-9a-f]+/)?.[0] ?? '';
  expect(ruleId).toMatch(/^sgr-/);
  await fix.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit inbound rules');
  if (jsOn()) await hydrated(page);
  const marked = page.getByRole('group', { name: /^Rule \d+$/ }).filter({ has: page.locator(`input[value="${ruleId}"]`) });
  await expect(marked).toHaveAccessibleDescription('The finding that brought you here is about this rule.');
});

test('findings download as CSV and JSON', async ({ page }) => {
  await page.goto('/findings?region=us-east-1&check=open-admin-port');
  const csv = await page.request.get((await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')) ?? '');
  expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
  const lines = (await csv.text()).trim().split('\n');
  expect(lines[0]).toBe('region,severity,check,group_id,group_name,vpc_id,in_use,direction,rule_id,protocol,from_port,to_port,peer,detail');
  expect(lines.slice(1).every((line) => line.startsWith('us-east-1,high,open-admin-port,'))).toBeTruthy();
  expect(lines.length).toBeGreaterThan(1);
  const json = await page.request.get((await page.getByRole('link', { name: 'Download JSON' }).getAttribute('href')) ?? '');
  const body = await json.json();
  expect(body.findings.length).toBe(lines.length - 1);
});

test('every region at once: a region that cannot be read is explained in its place', async ({ page }) => {
  await page.goto('/findings?region=all&severity=high');
  await expect(page.getByRole('alert').filter({ hasText: 'eu-west-1 could not be read' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Region' })).toBeVisible();
  await expect(page.locator('table tbody tr').first()).toContainText('High');
  await expectAccessible(page);
});

test('who can reach the database port from an office address, from a link', async ({ page }) => {
  await page.goto('/reach?region=us-east-1&source=203.0.113.9&protocol=tcp&port=5432');
  await expect(page.getByLabel('Source')).toHaveValue('203.0.113.9');
  await expect(page.getByRole('status')).toHaveText(/^Rules that let 203\.0\.113\.9 in: \d+\.$/);
  const table = page.getByRole('table', { name: 'Rules that let it in' });
  await expect(table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^db \(sg-/ }) })).toContainText('pl-');
  await expect(page.getByRole('list', { name: 'Network interfaces and instances these rules protect' })).toContainText('on instance i-');
  await expectAccessible(page);

  // The form asks again, the question kept in the URL.
  await page.getByLabel('Source').fill('192.0.2.10');
  await page.getByRole('button', { name: 'Find rules' }).click();
  await expect(page).toHaveURL(/source=192\.0\.2\.10/);
  await expect(page.getByRole('status')).toHaveText('No rule lets 192.0.2.10 in on this protocol and port.');

  await page.getByLabel('Source').fill('not an address');
  await page.getByRole('button', { name: 'Find rules' }).click();
  await expect(page.getByText('Enter an IP address, a CIDR or a security group ID.')).toBeVisible();
  await expect(page.getByLabel('Source')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
});

test('what may reach an instance, by port', async ({ page }) => {
  await page.goto('/instances?region=us-east-1&state=running');
  const id = (await page.getByRole('row').filter({ hasText: 'db-1' }).getByRole('rowheader').textContent())?.trim() ?? '';
  expect(id).toMatch(/^i-/);
  await page.goto('/reach?region=us-east-1');
  await page.getByLabel('Instance ID').fill(id);
  await page.getByRole('button', { name: 'Show what may reach it' }).click();
  await expect(page.getByRole('heading', { name: `What may reach ${id}` })).toBeVisible();
  await expect(page.getByRole('table', { name: 'TCP 5432' })).toBeVisible();
  await expectAccessible(page);
});

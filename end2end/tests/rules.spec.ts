import { Page } from '@playwright/test';
import { editConsoleURL, editPort, signedIn } from '../playwright.config';
import { bodyRows, expect, expectAccessible, jsOn, newGroup as newGroupAt, ready, tcp, tcpFromGroup, test } from './helpers';

// Changing rules and tags, with JavaScript and without, on the console whose ec2-local only
// these specs change. Each test makes its own group there, so tests never see each other's.
test.use({ baseURL: editConsoleURL, storageState: signedIn('edit-editor') });

const newGroup = (...rules: string[]) => newGroupAt(editPort, ...rules);

const rule = (page: Page, n: number) => page.getByRole('group', { name: `Rule ${n}`, exact: true });
/** The editor's row of the rule with this description (rules come in EC2's order, by id). */
const ruleWith = (page: Page, description: string) =>
  page.getByRole('group', { name: /^Rule \d+$/ }).filter({ has: page.locator(`input[value="${description}"]`) });
const preview = (page: Page) => page.getByRole('region', { name: 'Preview changes' });

test('edits rules: a port range changed, a rule deleted, SSH from My IP added, previewed and saved', async ({ page }) => {
  const group = await newGroup(tcp(1, 8000, 8080, '10.0.0.0/8', 'app ports'), tcp(2, 80, 80, '10.0.0.0/8', 'plain http'));
  await page.goto(group.page);
  await ready(page);
  await page.getByRole('link', { name: 'Edit inbound rules' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit inbound rules');
  await ready(page);
  await ruleWith(page, 'app ports').getByLabel('Port range').fill('8000-8090');
  await ruleWith(page, 'plain http').getByRole('button', { name: 'Delete' }).click();
  await expect(rule(page, 2)).toHaveCount(0);
  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect(rule(page, 1).getByLabel('Port range')).toHaveValue('8000-8090');
  await expect(rule(page, 1).getByLabel('Security group rule ID')).toHaveValue(/^sgr-[0-9a-f]{17}$/);
  await expect(rule(page, 2).getByLabel('Security group rule ID')).toHaveValue('-');
  await rule(page, 2).getByLabel('Type', { exact: true }).selectOption({ label: 'SSH' });
  await rule(page, 2).getByLabel('Source type').selectOption({ label: 'My IP' });
  await page.getByRole('button', { name: 'Preview changes' }).click();

  await expect(rule(page, 2).getByLabel('Source', { exact: true })).toHaveValue(/^127\.0\.0\.\d+\/32$/);
  await expect(rule(page, 2).getByLabel('Port range')).toHaveValue('22');
  await expect(preview(page).getByRole('list', { name: 'Rules added' })).toContainText(/SSH, TCP, 22, 127\.0\.0\.\d+\/32/);
  await expect(preview(page).getByRole('list', { name: 'Rules changed' })).toContainText('8000 - 8080, 10.0.0.0/8');
  await expect(preview(page).getByRole('list', { name: 'Rules changed' })).toContainText(/→ sgr-[0-9a-f]{17}: Custom TCP, TCP, 8000 - 8090, 10\.0\.0\.0\/8, “app ports”/);
  await expect(preview(page).getByRole('list', { name: 'Rules removed' })).toContainText('plain http');
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Save rules' }).click();
  await expect(page.getByRole('status')).toHaveText(
    `Inbound rules of ${group.name} (${group.id}) saved: 1 added, 1 changed, 1 removed.`,
  );
  await expect(bodyRows(page)).toHaveCount(2);
  await expect(bodyRows(page).filter({ hasText: 'app ports' })).toContainText('8000 - 8090');
  await expect(bodyRows(page).filter({ hasText: 'SSH' })).toContainText(/127\.0\.0\.\d+\/32/);
  await expect(page.getByText('plain http')).toHaveCount(0);
});

test('SSH from Anywhere-IPv4 is warned about before it is saved', async ({ page }) => {
  const group = await newGroup();
  await page.goto(`${group.page}/inbound/edit`);
  await ready(page);
  await page.getByRole('button', { name: 'Add rule' }).click();
  await rule(page, 1).getByLabel('Type', { exact: true }).selectOption({ label: 'SSH' });
  await rule(page, 1).getByLabel('Source type').selectOption({ label: 'Anywhere-IPv4' });
  await page.getByRole('button', { name: 'Preview changes' }).click();
  const warnings = preview(page).getByRole('list', { name: 'Warnings' });
  await expect(warnings.getByRole('alert')).toHaveText(/SSH, TCP, 22, 0\.0\.0\.0\/0: opens remote administration \(port 22\) to the whole internet/);
  await expectAccessible(page);
});

test('an invalid port is shown under its field, the input kept, and nothing saved until it is fixed', async ({ page }) => {
  const group = await newGroup();
  await page.goto(`${group.page}/inbound/edit`);
  await ready(page);
  await expect(page.getByText('No rules: nothing is allowed in this direction.')).toBeVisible();
  await page.getByRole('button', { name: 'Add rule' }).click();
  await rule(page, 1).getByLabel('Port range').fill('70000');
  await rule(page, 1).getByLabel('Source', { exact: true }).fill('10.0.0.5/8');
  await page.getByRole('button', { name: 'Save rules' }).click();

  const ports = rule(page, 1).getByLabel('Port range');
  await expect(ports).toHaveValue('70000');
  await expect(ports).toHaveAttribute('aria-invalid', 'true');
  await expect(ports).toHaveAccessibleDescription('Ports are from 0 to 65535.');
  await expect(rule(page, 1).getByLabel('Source', { exact: true })).toHaveValue('10.0.0.5/8');
  await expect(rule(page, 1).getByText('Saved as 10.0.0.0/8')).toBeVisible();
  await expectAccessible(page);

  await ports.fill('7000');
  await page.getByRole('button', { name: 'Save rules' }).click();
  await expect(page.getByRole('status')).toHaveText(`Inbound rules of ${group.name} (${group.id}) saved: 1 added, 0 changed, 0 removed.`);
  await expect(bodyRows(page).first()).toContainText('10.0.0.0/8');
});

test('Source suggests the groups the rules name; the VPC\'s others come, with JavaScript, once a rule is gone to', async ({ page }) => {
  const named = await newGroup();
  const other = await newGroup();
  const group = await newGroup(tcpFromGroup(1, 5432, named.id));
  await page.goto(`${group.page}/inbound/edit`);
  await ready(page);
  const suggested = (id: string) => page.locator(`datalist#peer-suggestions option[value="${id}"]`);
  await expect(suggested(named.id)).toHaveText(named.name);
  await expect(suggested(other.id)).toHaveCount(0);

  const source = rule(page, 1).getByLabel('Source', { exact: true });
  await expect(source).toHaveValue(named.id);
  await source.fill(other.name);
  if (jsOn()) {
    // Loaded for the suggestions, and known to the check as the name is typed.
    await expect(suggested(other.id)).toHaveText(other.name);
    await expect(rule(page, 1).getByText(`Saved as ${other.id} (${other.name})`)).toBeVisible();
  }
  // Without JavaScript, the server resolves the name when the rules are saved.
  await page.getByRole('button', { name: 'Save rules' }).click();
  await expect(page.getByRole('status')).toHaveText(`Inbound rules of ${group.name} (${group.id}) saved: 0 added, 1 changed, 0 removed.`);
  await expect(bodyRows(page).first()).toContainText(other.id);
});

test('tags a rule', async ({ page }) => {
  const group = await newGroup(tcp(1, 443, 443, '10.0.0.0/8', 'tls'), tcp(2, 80, 80, '10.0.0.0/8', 'plain'));
  await page.goto(group.page);
  await ready(page);
  const tls = bodyRows(page).filter({ hasText: 'tls' });
  await tls.getByRole('checkbox', { name: /^Select rule sgr-/ }).check();
  await page.getByRole('button', { name: 'Manage tags' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Manage tags');
  await ready(page);
  await page.getByRole('button', { name: 'Add new tag' }).click();
  const tag = page.getByRole('group', { name: 'Tag 1' });
  await tag.getByLabel('Key').fill('owner');
  await tag.getByLabel('Value - optional').fill('ops');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status')).toHaveText(`Tags of 1 rules of ${group.name} (${group.id}) saved.`);
  await expect(bodyRows(page).filter({ hasText: 'tls' })).toContainText('owner: ops');
  await expect(bodyRows(page).filter({ hasText: 'plain' })).not.toContainText('owner');
});

test('tags the group from its Actions', async ({ page }) => {
  const group = await newGroup();
  await page.goto(group.page);
  await page.getByText('Actions', { exact: true }).click();
  await page.getByRole('link', { name: 'Manage tags' }).click();
  await ready(page);
  await page.getByRole('button', { name: 'Add new tag' }).click();
  await page.getByRole('group', { name: 'Tag 1' }).getByLabel('Key').fill('aws:owner');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('group', { name: 'Tag 1' }).getByLabel('Key')).toHaveAccessibleDescription(
    'Keys starting with aws: are reserved for AWS.',
  );
  await page.getByRole('group', { name: 'Tag 1' }).getByLabel('Key').fill('team');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status')).toHaveText(`Tags of ${group.name} (${group.id}) saved.`);
  await expect(page.getByRole('row', { name: 'team' })).toBeVisible();
});

test('deletes the chosen rules after a confirmation that lists them', async ({ page }) => {
  const group = await newGroup(tcp(1, 1, 1, '10.0.0.0/8', 'one'), tcp(2, 2, 2, '10.0.0.0/8', 'two'), tcp(3, 3, 3, '10.0.0.0/8', 'three'));
  await page.goto(group.page);
  await ready(page);
  for (const text of ['one', 'two']) {
    await bodyRows(page).filter({ hasText: text }).getByRole('checkbox').check();
  }
  await page.getByRole('button', { name: 'Delete rules' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Delete inbound rules');
  const listed = page.getByRole('list', { name: 'Rules to delete' });
  await expect(listed.getByRole('listitem')).toHaveCount(2);
  await expect(listed).toContainText('“one”');
  await expect(listed).toContainText('“two”');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText(`2 rules deleted from the Inbound rules of ${group.name} (${group.id}).`);
  await expect(bodyRows(page)).toHaveCount(1);
  await expect(bodyRows(page).first()).toContainText('three');
});

test.describe('as a viewer', () => {
  test.use({ storageState: signedIn('edit-viewer') });

  test('sees no actions, and a save is refused by the server', async ({ page }) => {
    const group = await newGroup(tcp(1, 2200, 2200, '10.0.0.0/8', 'alternate ssh'));
    await page.goto(group.page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${group.name} (${group.id})`);
    await expect(page.getByText('Actions', { exact: true })).toHaveCount(0);
    await expect(page.getByRole('checkbox')).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Edit inbound rules' })).toHaveCount(0);

    await page.goto(`${group.page}/inbound/edit`);
    await ready(page);
    await rule(page, 1).getByLabel('Port range').fill('2222');
    await page.getByRole('button', { name: 'Save rules' }).click();
    await expect(page.getByRole('alert')).toContainText('Your role does not allow this: it needs the Editor role.');
    await page.goto(group.page);
    await expect(bodyRows(page).first()).toContainText('2200');
    await expect(bodyRows(page).first()).not.toContainText('2222');
  });
});

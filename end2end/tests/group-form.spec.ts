import { Page } from '@playwright/test';
import { editConsoleURL, editPort, signedIn } from '../playwright.config';
import {
  bodyRows, ec2, expect, expectAccessible, groupRow, newGroup as newGroupAt, ready, tcp, tcpFromGroup, test,
} from './helpers';

// "Create security group" and "Copy to new security group", with JavaScript and without, on the
// console whose ec2-local only the specs that change groups change. Every group made here has a
// name of its own test, so that the browser projects running in parallel never share one.
test.use({ baseURL: editConsoleURL, storageState: signedIn('edit-editor') });

const newGroup = (...rules: string[]) => newGroupAt(editPort, ...rules);


const uniqueName = (what: string) => `${what}-${test.info().project.name}-${Math.random().toString(16).slice(2, 10)}`;
const section = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const rule = (page: Page, direction: 'Inbound rules' | 'Outbound rules', n: number) =>
  section(page, direction).getByRole('group', { name: `Rule ${n}`, exact: true });
/** The form's rule of `direction` whose port range is `ports` (rules come in EC2's order, by id). */
const ruleOn = (page: Page, direction: 'Inbound rules' | 'Outbound rules', ports: string) =>
  section(page, direction).getByRole('group', { name: /^Rule \d+$/ }).filter({ has: page.locator(`input[value="${ports}"]`) });
const createButton = (page: Page) => page.getByRole('button', { name: 'Create security group' });

/** The id in the notification that names the group just created. */
async function createdId(page: Page, name: string) {
  const status = page.getByRole('status');
  await expect(status).toHaveText(new RegExp(`^Security group ${name} \\(sg-[0-9a-f]{17}\\) was created\\.$`));
  return (await status.textContent())?.match(/sg-[0-9a-f]{17}/)?.[0] ?? '';
}

/** Adds an inbound rule from `source` to the form: another group, a CIDR. */
async function addInbound(page: Page, n: number, type: string, source: string) {
  await section(page, 'Inbound rules').getByRole('button', { name: 'Add rule' }).click();
  await rule(page, 'Inbound rules', n).getByLabel('Type', { exact: true }).selectOption({ label: type });
  await rule(page, 'Inbound rules', n).getByLabel('Source', { exact: true }).fill(source);
}

test('creates a group with inbound rules and tags, and shows them on its page', async ({ page }) => {
  const name = uniqueName('created');
  await page.goto('/security-groups?region=us-east-1');
  await page.getByRole('link', { name: 'Create security group' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create security group');
  await ready(page);
  // The default VPC, which has no IPv6: the default outbound rule alone.
  await expect(page.getByLabel('VPC', { exact: true }).locator('option:checked')).not.toContainText('prod');
  await expect(rule(page, 'Outbound rules', 1).getByLabel('Destination', { exact: true })).toHaveValue('0.0.0.0/0');
  await expect(rule(page, 'Outbound rules', 2)).toHaveCount(0);

  await page.getByLabel('Security group name').fill(name);
  await page.getByLabel('Description', { exact: true }).fill('Web servers');
  await addInbound(page, 1, 'HTTPS', '10.0.0.0/8');
  await page.getByRole('button', { name: 'Add new tag' }).click();
  await page.getByRole('group', { name: 'Tag 1' }).getByLabel('Key').fill('team');
  await page.getByRole('group', { name: 'Tag 1' }).getByLabel('Value - optional').fill('web');
  // Nothing typed so far is lost by the page round trips without JavaScript.
  await expect(page.getByLabel('Security group name')).toHaveValue(name);
  await expect(rule(page, 'Inbound rules', 1).getByLabel('Source', { exact: true })).toHaveValue('10.0.0.0/8');
  await expectAccessible(page);

  await createButton(page).click();
  const id = await createdId(page, name);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(id);
  await expect(bodyRows(page)).toHaveCount(1);
  await expect(bodyRows(page).first()).toContainText('HTTPS');
  await expect(bodyRows(page).first()).toContainText('10.0.0.0/8');
  await page.getByRole('link', { name: 'Outbound rules (1)' }).click();
  await expect(bodyRows(page).first()).toContainText('0.0.0.0/0');
  await page.getByRole('link', { name: 'Tags (1)' }).click();
  await expect(page.getByRole('row', { name: 'team web' })).toBeVisible();
});

test('invalid input is shown by its fields with the input kept, and a taken name by the name', async ({ page }) => {
  const taken = await newGroup();
  await page.goto('/security-groups/us-east-1/new');
  await ready(page);
  await page.getByLabel('Security group name').fill('sg-web');
  await addInbound(page, 1, 'Custom TCP', '10.0.0.0/8');
  await rule(page, 'Inbound rules', 1).getByLabel('Port range').fill('70000');
  await createButton(page).click();

  const name = page.getByLabel('Security group name');
  await expect(name).toHaveValue('sg-web');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toHaveAccessibleDescription(/^A name cannot start with sg-/);
  await expect(page.getByLabel('Description', { exact: true })).toHaveAccessibleDescription(/^Enter a description/);
  const ports = rule(page, 'Inbound rules', 1).getByLabel('Port range');
  await expect(ports).toHaveValue('70000');
  await expect(ports).toHaveAccessibleDescription('Ports are from 0 to 65535.');
  await expect(page.getByText('3 fields need fixing before the group can be created')).toBeVisible();
  await expectAccessible(page);

  // EC2's own answer: the name is taken in the VPC.
  await name.fill(taken.name);
  await page.getByLabel('Description', { exact: true }).fill('Taken');
  await ports.fill('7000');
  await createButton(page).click();
  await expect(page.getByRole('alert').getByText('A security group with this name already exists in this VPC.')).toBeVisible();
  await expect(name).toHaveAccessibleDescription(/^A security group with this name already exists in this VPC/);
  await expect(ports).toHaveValue('7000');
  await expectAccessible(page);

  const fixed = uniqueName('fixed');
  await name.fill(fixed);
  await createButton(page).click();
  await createdId(page, fixed);
  await expect(bodyRows(page).first()).toContainText('7000');
});

test('copies a group from the list, a rule naming the group itself naming the copy', async ({ page }) => {
  const source = await newGroup(tcp(1, 443, 443, '10.0.0.0/8', 'tls'));
  await ec2(editPort, 'us-east-1', `Action=AuthorizeSecurityGroupIngress&GroupId=${source.id}&${tcpFromGroup(1, 8080, source.id)}`);
  await ec2(editPort, 'us-east-1', `Action=CreateTags&ResourceId.1=${source.id}&Tag.1.Key=team&Tag.1.Value=api`);
  await page.goto(`/security-groups?region=us-east-1&q=${source.name}`);
  await groupRow(page, source.name).getByRole('checkbox').check();
  await page.getByText('Actions', { exact: true }).click();
  await page.getByRole('button', { name: 'Copy to new security group' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Copy to new security group');
  await ready(page);

  await expect(page.getByLabel('Security group name')).toHaveValue('');
  await expect(page.getByLabel('Description', { exact: true })).toHaveValue('Rule editor test');
  await expect(page.getByLabel('VPC', { exact: true })).toHaveAccessibleDescription(/EC2 cannot copy a security group to another region/);
  const sources = section(page, 'Inbound rules').getByLabel('Source', { exact: true });
  await expect(sources).toHaveCount(2);
  await expect(ruleOn(page, 'Inbound rules', '443').getByLabel('Source', { exact: true })).toHaveValue('10.0.0.0/8');
  await expect(ruleOn(page, 'Inbound rules', '8080').getByLabel('Source', { exact: true })).toHaveValue('sg-new');
  await expect(page.getByRole('group', { name: 'Tag 1' }).getByLabel('Key')).toHaveValue('team');

  const name = uniqueName('copy');
  await page.getByLabel('Security group name').fill(name);
  await createButton(page).click();
  const id = await createdId(page, name);
  await expect(bodyRows(page)).toHaveCount(2);
  await expect(bodyRows(page).filter({ hasText: '8080' })).toContainText(id);
  await expect(bodyRows(page).filter({ hasText: '8080' })).not.toContainText(source.id);
  await page.getByRole('link', { name: 'Tags (1)' }).click();
  await expect(page.getByRole('row', { name: 'team api' })).toBeVisible();
});

test('a copy to another VPC cannot be created while a rule names a group of the source VPC', async ({ page }) => {
  const other = await newGroup();
  const source = await newGroup(tcp(1, 443, 443, '10.0.0.0/8', 'tls'));
  await ec2(editPort, 'us-east-1', `Action=AuthorizeSecurityGroupIngress&GroupId=${source.id}&${tcpFromGroup(1, 5432, other.id)}`);
  await page.goto(source.page);
  await page.getByText('Actions', { exact: true }).click();
  await page.getByRole('link', { name: 'Copy to new security group' }).click();
  await ready(page);
  const name = uniqueName('moved');
  await page.getByLabel('Security group name').fill(name);
  const vpc = page.getByLabel('VPC', { exact: true });
  await vpc.selectOption({ label: (await vpc.locator('option', { hasText: 'prod' }).textContent()) ?? '' });
  // Without JavaScript the page learns of the VPC when the form comes back to it.
  if (test.info().project.use.javaScriptEnabled === false) await page.getByRole('button', { name: 'Preview changes' }).click();

  const foreign = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'Rules that name security groups of another VPC' }) });
  const database = ruleOn(page, 'Inbound rules', '5432');
  const legend = (await database.locator('legend').textContent()) ?? '';
  await expect(foreign.getByRole('listitem')).toHaveText([
    new RegExp(`^Inbound rules, ${legend.toLowerCase()}: ${other.id} is not a security group of vpc-[0-9a-f]+ \\(prod\\)`),
  ]);
  await expect(createButton(page)).toBeDisabled();
  await expect(database.getByLabel('Source', { exact: true })).toHaveAccessibleDescription(
    'There is no security group with this ID in this VPC.',
  );
  await expectAccessible(page);

  await database.getByRole('button', { name: 'Delete' }).click();
  await expect(foreign).toHaveCount(0);
  await expect(page.getByLabel('Security group name')).toHaveValue(name);
  await createButton(page).click();
  await createdId(page, name);
  await expect(page.getByRole('definition').filter({ hasText: '(prod)' })).toBeVisible();
  await expect(bodyRows(page)).toHaveCount(1);
  await expect(bodyRows(page).first()).toContainText('443');
});

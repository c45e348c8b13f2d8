import { Page } from '@playwright/test';
import { editConsoleURL, editPort, signedIn } from '../playwright.config';
import {
  ec2, expect, expectAccessible, groupRow, jsOn, newGroup as newGroupAt, ready, tcpFromGroup, test,
} from './helpers';

// "Delete security groups", with JavaScript and without, on the console whose ec2-local only the
// specs that change groups change. Deleting needs the admin role.
test.use({ baseURL: editConsoleURL, storageState: signedIn('edit-admin') });

const newGroup = (...rules: string[]) => newGroupAt(editPort, ...rules);
const deleteButton = (page: Page) => page.getByRole('button', { name: 'Delete', exact: true });
const confirmInput = (page: Page) => page.getByLabel('To confirm deletion, type delete');


test('a referenced group is deleted by the guided fix, which revokes the rule that names it', async ({ page }) => {
  const target = await newGroup();
  const referrer = await newGroup(tcpFromGroup(1, 5432, target.id));
  await page.goto(target.page);
  await page.getByText('Actions', { exact: true }).click();
  await page.getByRole('link', { name: 'Delete security group' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Delete security groups');
  await expect(page.getByText('These rules reference it; EC2 deletes it only once they are removed:')).toBeVisible();
  const referencing = new RegExp(
    `^Inbound rules of ${referrer.name} \\(${referrer.id}\\): sgr-[0-9a-f]+: PostgreSQL, TCP, 5432, ${target.id}`,
  );
  await expect(page.getByRole('link', { name: referencing })).toBeVisible();
  await expect(page.getByText('None of these security groups can be deleted as they are.')).toBeVisible();
  await expect(deleteButton(page)).toHaveCount(0);
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Remove referencing rules and delete' }).click();
  const preview = page.getByRole('region', { name: 'Remove referencing rules and delete' });
  await expect(preview.getByRole('listitem')).toHaveCount(1);
  await expect(preview.getByRole('listitem')).toHaveText(referencing);
  await ready(page);
  if (jsOn()) {
    // Hydrated, Delete waits for the word.
    await expect(deleteButton(page)).toBeDisabled();
    await confirmInput(page).fill('Delete');
    await expect(deleteButton(page)).toBeDisabled();
  }
  await confirmInput(page).fill('delete');
  await expect(deleteButton(page)).toBeEnabled();
  await expectAccessible(page);
  await deleteButton(page).click();

  await expect(page.getByRole('heading', { level: 1 })).toContainText('Security Groups');
  await expect(page.getByRole('status').filter({ hasText: target.id })).toHaveText(
    `Security group ${target.name} (${target.id}) was deleted, after the rules that referenced it were revoked (1).`,
  );
  await page.goto(`/security-groups?region=us-east-1&q=${target.name}`);
  await expect(groupRow(page, target.name)).toHaveCount(0);
  await page.goto(referrer.page);
  await expect(page.getByRole('link', { name: 'Inbound rules (0)' })).toBeVisible();
});

test('a group on an instance is not deleted, and the page says which instance holds it', async ({ page }) => {
  await page.goto('/security-groups?region=us-east-1&q=db');
  await groupRow(page, 'db').getByRole('checkbox', { name: 'Select db' }).check();
  await page.getByText('Actions', { exact: true }).click();
  await page.getByRole('button', { name: 'Delete security groups' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Delete security groups');
  await expect(page.getByText('It is on these network interfaces; change their security groups first:')).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: /^eni-[0-9a-f]+, on instance i-[0-9a-f]+ \(db-1\) \(running\)$/ })).toBeVisible();
  // Revoking rules would not free it from the instance: no guided fix, no Delete.
  await expect(page.getByRole('button', { name: 'Remove referencing rules and delete' })).toHaveCount(0);
  await expect(deleteButton(page)).toHaveCount(0);
  await expect(page.getByText('None of these security groups can be deleted as they are.')).toBeVisible();
  await expectAccessible(page);
});

test('several groups chosen on the list are deleted at once, each with its own outcome', async ({ page }) => {
  const [first, second] = [await newGroup(), await newGroup()];
  // A tag value of their own, so that the list's filter shows the two.
  const batch = `batch-${first.name}`;
  await ec2(editPort, 'us-east-1', `Action=CreateTags&ResourceId.1=${first.id}&ResourceId.2=${second.id}&Tag.1.Key=batch&Tag.1.Value=${batch}`);
  await page.goto(`/security-groups?region=us-east-1&q=${batch}`);
  await groupRow(page, first.name).getByRole('checkbox').check();
  await groupRow(page, second.name).getByRole('checkbox').check();
  await page.getByText('Actions', { exact: true }).click();
  await page.getByRole('button', { name: 'Delete security groups' }).click();
  await expect(page.getByText('Nothing blocks deleting it.')).toHaveCount(2);
  await ready(page);
  await confirmInput(page).fill('delete');
  await deleteButton(page).click();
  for (const group of [first, second]) {
    await expect(page.getByRole('status').filter({ hasText: group.id })).toHaveText(
      `Security group ${group.name} (${group.id}) was deleted.`,
    );
  }
  const described = await ec2(editPort, 'us-east-1', `Action=DescribeSecurityGroups&GroupId.1=${first.id}`, [
    'InvalidGroup.NotFound',
  ]);
  expect(described).toContain('InvalidGroup.NotFound');
});

test('without the word typed, nothing is deleted', async ({ page }) => {
  const group = await newGroup();
  await page.goto(`/security-groups/us-east-1/delete?group=${group.id}`);
  await ready(page);
  await confirmInput(page).fill('yes');
  if (jsOn()) {
    await expect(deleteButton(page)).toBeDisabled();
  } else {
    // Without JavaScript the server checks the word, and says what to type.
    await deleteButton(page).click();
    await expect(page.getByRole('alert')).toContainText('Type delete in the confirmation field, then choose Delete.');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Delete security groups');
    await expect(page.getByText('Nothing blocks deleting it.')).toBeVisible();
  }
  await ec2(editPort, 'us-east-1', `Action=DescribeSecurityGroups&GroupId.1=${group.id}`);
});

test('an editor is not offered the delete', async ({ browser }) => {
  const context = await browser.newContext({ storageState: signedIn('edit-editor'), baseURL: editConsoleURL });
  const page = await context.newPage();
  await page.goto('/security-groups?region=us-east-1');
  await page.getByText('Actions', { exact: true }).click();
  await expect(page.getByRole('button', { name: 'Copy to new security group' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Delete security groups' })).toHaveCount(0);
  await context.close();
});

import { Page } from '@playwright/test';
import { editConsoleURL, editPort, signedIn } from '../playwright.config';
import { ec2, expect, expectAccessible, jsOn, newGroup as newGroupAt, ready, test } from './helpers';

// Instances, "Change security groups", Launch templates and "Create new version", with
// JavaScript and without, on the console whose ec2-local only the specs that change things
// change. Each test launches its own instance or makes its own template.
test.use({ baseURL: editConsoleURL, storageState: signedIn('edit-editor') });

const newGroup = () => newGroupAt(editPort);
const label = (group: { id: string; name: string }) => `${group.name} (${group.id})`;


/** A running instance of the default VPC with `groupId`: its id and Name. */
async function newInstance(groupId: string) {
  const name = `vm-${test.info().project.name}-${Math.random().toString(16).slice(2, 10)}`;
  const ran = await ec2(
    editPort,
    'us-east-1',
    `Action=RunInstances&ImageId=ami-0abcdef1234567890&InstanceType=t3.micro&MinCount=1&MaxCount=1` +
      `&SecurityGroupId.1=${groupId}&TagSpecification.1.ResourceType=instance` +
      `&TagSpecification.1.Tag.1.Key=Name&TagSpecification.1.Tag.1.Value=${name}`,
  );
  const id = ran.match(/<instanceId>(i-[0-9a-f]+)<\/instanceId>/)?.[1] ?? '';
  return { id, name, label: `${id} (${name})` };
}

/** Adds the group typed as `typed` with "Add security group". */
async function addGroup(page: Page, typed: string) {
  await page.getByLabel('Select security groups').fill(typed);
  await page.getByRole('button', { name: 'Add security group' }).click();
}

const associated = (page: Page) => page.getByRole('list', { name: 'Associated security groups' }).getByRole('listitem');
const preview = (page: Page) => page.getByRole('region', { name: 'Preview changes' });

test("changes a running instance's groups and shows them on the Instances page", async ({ page }) => {
  const [first, second] = [await newGroup(), await newGroup()];
  const instance = await newInstance(first.id);
  await page.goto('/instances?region=us-east-1');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Instances');
  await page.goto(`/instances?region=us-east-1&group=${first.id}`);
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: instance.id }) });
  await expect(row).toContainText('running');
  await expect(row.getByRole('link', { name: label(first) })).toBeVisible();
  await expectAccessible(page);

  await row.getByRole('link', { name: `Change security groups of ${instance.label}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Change security groups');
  await ready(page);
  await expect(associated(page)).toHaveText([new RegExp(`^${label(first).replace(/[()]/g, '\\$&')}`)]);
  await addGroup(page, second.name);
  await expect(associated(page)).toHaveCount(2);
  await expect(preview(page).getByRole('list', { name: 'Security groups added' })).toHaveText(label(second));
  await page.getByRole('button', { name: `Remove ${label(first)}` }).click();
  await expect(associated(page)).toHaveCount(1);
  await expect(preview(page).getByRole('list', { name: 'Security groups removed' })).toHaveText(label(first));
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Save', exact: true }).click();

  await expect(page.getByRole('status')).toHaveText(
    `The security groups of ${instance.label} were changed to: ${label(second)}.`,
  );
  await page.goto(`/instances?region=us-east-1&group=${second.id}`);
  await expect(page.getByRole('rowheader', { name: instance.id })).toBeVisible();
  await page.goto(`/instances?region=us-east-1&group=${first.id}`);
  await expect(page.getByRole('rowheader', { name: instance.id })).toHaveCount(0);
});

test('an instance keeps at least one group, and a group not of its VPC is not added', async ({ page }) => {
  const group = await newGroup();
  const instance = await newInstance(group.id);
  await page.goto(`/instances/us-east-1/${instance.id}/security-groups`);
  await ready(page);
  // db is a group of the prod VPC; the instance is in the default VPC.
  const db = await ec2(editPort, 'us-east-1', 'Action=DescribeSecurityGroups&Filter.1.Name=group-name&Filter.1.Value.1=db');
  const dbId = db.match(/<groupId>(sg-[0-9a-f]+)<\/groupId>/)?.[1] ?? '';
  expect(dbId).toMatch(/^sg-/);
  await addGroup(page, dbId);
  await expect(page.getByText(`No security group here has the name or ID “${dbId}”.`)).toBeVisible();
  await expect(page.getByLabel('Select security groups')).toHaveValue(dbId);
  await page.getByRole('button', { name: `Remove ${label(group)}` }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Choose at least one security group.' })).toBeVisible();
  if (jsOn()) {
    await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeDisabled();
  } else {
    // Without JavaScript the server refuses it, and the page comes back as it was sent.
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'The request could not be completed' })).toBeVisible();
    await expect(page.getByText('The chosen security groups cannot be saved: Choose at least one security group.')).toBeVisible();
    await expect(associated(page)).toHaveCount(0);
  }
  await expectAccessible(page);
  const described = await ec2(editPort, 'us-east-1', `Action=DescribeInstances&InstanceId.1=${instance.id}`);
  expect(described).toContain(`<groupId>${group.id}</groupId>`);
});

test('an instance that is not running or stopped offers the change disabled, with the reason', async ({ page, request }) => {
  const group = await newGroup();
  const instance = await newInstance(group.id);
  const held = await request.post(`http://127.0.0.1:${editPort}/_local/instance-state`, {
    data: { region: 'us-east-1', instance: instance.id, state: 'pending' },
  });
  expect(held.ok()).toBeTruthy();
  await page.goto(`/instances?region=us-east-1&group=${group.id}&state=pending`);
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: instance.id }) });
  await expect(row.getByRole('button', { name: 'Change security groups' })).toBeDisabled();
  await expect(row.getByRole('button', { name: 'Change security groups' })).toHaveAccessibleDescription(
    'Security groups can be changed only while the instance is running or stopped; it is pending.',
  );
  await expectAccessible(page);
});

test('creates a launch template version with other groups and makes it the default', async ({ page }) => {
  const [first, second] = [await newGroup(), await newGroup()];
  const name = `lt-${test.info().project.name}-${Math.random().toString(16).slice(2, 10)}`;
  const created = await ec2(
    editPort,
    'us-east-1',
    `Action=CreateLaunchTemplate&LaunchTemplateName=${name}&VersionDescription=first` +
      `&LaunchTemplateData.ImageId=ami-0abcdef1234567890&LaunchTemplateData.InstanceType=t3.micro` +
      `&LaunchTemplateData.SecurityGroupId.1=${first.id}`,
  );
  const id = created.match(/<launchTemplateId>(lt-[0-9a-f]+)<\/launchTemplateId>/)?.[1] ?? '';
  await page.goto('/launch-templates?region=us-east-1');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Launch templates');
  const rows = page.getByRole('row').filter({ hasText: id });
  await expect(rows).toHaveCount(1);
  await expect(rows.getByRole('link', { name: label(first) })).toBeVisible();
  await expectAccessible(page);

  await rows.getByRole('link', { name: `Create new version of ${name} (${id}) from version 1` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create new version');
  await ready(page);
  await addGroup(page, second.id);
  await page.getByRole('button', { name: `Remove ${label(first)}` }).click();
  await page.getByLabel('Template version description').fill('second tier');
  await page.getByLabel('Make it the default version').check();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Create new version' }).click();

  await expect(page.getByRole('status')).toHaveText(
    `Version 2 of ${name} (${id}) was created and made the default version.`,
  );
  await expect(rows).toHaveCount(2);
  const secondVersion = rows.filter({ hasText: 'second tier' });
  await expect(secondVersion).toContainText('2 (default)');
  await expect(secondVersion.getByRole('link', { name: label(second) })).toBeVisible();
  const versions = await ec2(editPort, 'us-east-1', `Action=DescribeLaunchTemplateVersions&LaunchTemplateId=${id}&LaunchTemplateVersion.1=2`);
  expect(versions).toContain('<imageId>ami-0abcdef1234567890</imageId>');
  expect(versions).toContain('<instanceType>t3.micro</instanceType>');
});

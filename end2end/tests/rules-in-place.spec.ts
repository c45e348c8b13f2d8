import { editConsoleURL, editPort, signedIn } from '../playwright.config';
import { documentLoads, expect, hydrated, newGroup, test } from './helpers';

// Hydrated, the rule editor checks each field with the model's own code as it is typed, and
// adds, deletes and previews without loading a page.
test.use({ baseURL: editConsoleURL, storageState: signedIn('edit-editor') });

test('the rule editor checks fields as they are typed, in place', async ({ page }) => {
  const group = await newGroup(editPort);
  await page.goto(`${group.page}/inbound/edit`);
  await hydrated(page);
  const loads = documentLoads(page);
  await page.getByRole('button', { name: 'Add rule' }).click();
  const rule = page.getByRole('group', { name: 'Rule 1', exact: true });
  const ports = rule.getByLabel('Port range');
  await ports.fill('abc');
  await ports.press('Tab');
  await expect(ports).toHaveAttribute('aria-invalid', 'true');
  await expect(ports).toHaveAccessibleDescription(
    'Enter a port as a number (22), or a range as two numbers with a hyphen (8000-8080).',
  );
  await ports.fill('443');
  await expect(ports).not.toHaveAttribute('aria-invalid');

  const source = rule.getByLabel('Source', { exact: true });
  await source.fill('no-such-group');
  await source.press('Tab');
  await expect(source).toHaveAccessibleDescription(/^No security group of this VPC and no prefix list has this name/);
  await source.fill('default');
  await expect(rule.getByText(/^Saved as sg-[0-9a-f]{17} \(default\)$/)).toBeVisible();

  await page.getByRole('button', { name: 'Add rule' }).click();
  await page.getByRole('group', { name: 'Rule 2' }).getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('group', { name: 'Rule 2' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Preview changes' }).click();
  await expect(page.getByRole('list', { name: 'Rules added' })).toContainText(/HTTPS, TCP, 443, sg-[0-9a-f]{17} \(default\)/);
  expect(loads.map((r) => r.url())).toEqual([]);
});

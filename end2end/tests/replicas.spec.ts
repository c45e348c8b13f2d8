import { postgres, replicaURLs } from '../playwright.config';
import { expect, signIn, test } from './helpers';

// Two replicas of the console on one PostgreSQL behave as one console. Each browser project
// makes a group of its own name.
const [one, two] = replicaURLs;

test('two replicas on one database: one session, one list, one activity, one sign-out', async ({ page }) => {
  test.skip(!postgres, 'needs PostgreSQL: scripts/test starts one and sets SG_TEST_POSTGRES');
  const name = `replicated-${test.info().project.name}-${Math.random().toString(16).slice(2, 10)}`;

  // Signed in on one, signed in on the other; the list there read (and kept for its TTL).
  await signIn(page, 'editor', one);
  await page.goto(`${two}/security-groups?region=us-east-1&q=${name}`);
  await expect(page.getByRole('group', { name: 'Signed in' })).toContainText('editor');
  await expect(page.getByRole('row').filter({ hasText: name })).toHaveCount(0);

  // A group made through one is in the other's list at once.
  await page.goto(`${one}/security-groups/us-east-1/new`);
  await page.getByLabel('Security group name').fill(name);
  await page.getByLabel('Description', { exact: true }).fill('Made on one replica');
  await page.getByRole('button', { name: 'Create security group' }).click();
  const created = page.getByRole('status');
  await expect(created).toHaveText(new RegExp(`^Security group ${name} \\(sg-[0-9a-f]{17}\\) was created\\.$`));
  // Well within the other's snapshot TTL (10 s since it read the list above).
  const listedOnTwo = async () => {
    await page.goto(`${two}/security-groups?region=us-east-1&q=${name}`);
    return page.getByRole('row').filter({ hasText: name }).count();
  };
  await expect.poll(listedOnTwo, { timeout: 3_000 }).toBe(1);

  // The other's Activity has it (a new group's entry names it: its id comes after).
  await page.goto(`${two}/activity?group=${name}`);
  await expect(page.getByRole('row').filter({ hasText: 'Create security group' }).filter({ hasText: name })).toHaveCount(1);

  // Signing out on the other ends the session on both.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(`${two}/signin`);
  await page.goto(`${one}/activity`);
  await expect(page).toHaveURL(/\/signin\?next=%2Factivity$/);
});

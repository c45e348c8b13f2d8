import { expect, test, expectAccessible } from './helpers';

// At 1024 px, the narrowest window the console is made for, no page is wider than the window:
// wide tables scroll in their own box instead.
test.describe('at 1024 px wide', () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  const pages = [
    '/security-groups?region=us-east-1',
    '/security-groups/us-east-1/new',
    '/global',
    '/findings?region=all',
    '/reach?region=us-east-1&source=0.0.0.0&protocol=tcp&port=22',
    '/instances',
    '/launch-templates',
    '/activity',
    '/users',
  ];
  for (const path of pages) {
    test(`${path} fits the window`, async ({ page }) => {
      await page.goto(path);
      const cut = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(cut, 'the page scrolls sideways by this many pixels').toBe(0);
    });
  }

  test("the global view's table scrolls in its box, from the keyboard, keeping its first column", async ({ page }) => {
    await page.goto('/global');
    const box = page.getByRole('group', { name: 'All security groups' });
    const [wide, shown] = await box.evaluate((b) => [b.scrollWidth, b.clientWidth]);
    expect(wide, 'the table is wider than the window here').toBeGreaterThan(shown);
    await box.focus();
    for (let i = 0; i < 40; i++) await page.keyboard.press('ArrowRight');
    expect(await box.evaluate((b) => b.scrollLeft)).toBeGreaterThan(0);

    const edges = async (locator: typeof box) => {
      const rect = await locator.boundingBox();
      if (!rect) throw new Error('not shown');
      return { left: rect.x, right: rect.x + rect.width };
    };
    const area = await edges(box);
    // Each key press scrolls smoothly: the last ones may still be under way.
    const tags = box.getByRole('columnheader', { name: 'Tags' });
    await expect.poll(async () => (await edges(tags)).right, 'the Tags column comes into the box').toBeLessThanOrEqual(
      area.right + 1,
    );
    const first = await edges(box.getByRole('row').nth(1).getByRole('cell').first());
    expect(Math.abs(first.left - area.left), 'the first column stays at the left edge').toBeLessThanOrEqual(1);
    await expectAccessible(page);
  });
});

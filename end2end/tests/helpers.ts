import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, Page, Request, request } from '@playwright/test';
import { password } from '../playwright.config';

/**
 * Playwright's `test`, failing any test whose page logs an error or throws (a hydration
 * mismatch or a panic in the WASM shows up here) or fails to load the app's scripts and WASM.
 * The browser's own line about a page answered with an error status (a 404 page, say) is not an
 * error of the app.
 */
export const test = base.extend({
  page: async ({ page }, use) => {
    const errors: string[] = [];
    const isApp = (url: string) => new URL(url).pathname.startsWith('/pkg/');
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        errors.push(`console error: ${message.text()}`);
      }
    });
    if (test.info().project.use.javaScriptEnabled !== false) {
      page.on('response', (response) => {
        if (isApp(response.url()) && response.status() >= 400) {
          errors.push(`${response.url()} answered ${response.status()}`);
        }
      });
      // A load cut short by the test moving on to another page is not a failure.
      page.on('requestfailed', (request) => {
        const reason = request.failure()?.errorText ?? '';
        if (isApp(request.url()) && reason !== 'net::ERR_ABORTED') errors.push(`${request.url()} failed: ${reason}`);
      });
    }
    await use(page);
    expect(errors).toEqual([]);
  },
});

/** Signs `account` in on the sign-in page (of the console at `baseURL`), as a person would. */
export async function signIn(page: Page, account: string, baseURL = '') {
  await page.goto(`${baseURL}/signin`);
  await page.getByLabel('User name').fill(account);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('group', { name: 'Signed in' })).toContainText(account);
}

/** Waits until the WASM has hydrated the page, so that what follows happens in place. */
export async function hydrated(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', '');
}
export { expect };

/** Whether this test's project runs the page's JavaScript. */
export const jsOn = () => test.info().project.use.javaScriptEnabled !== false;

/** With JavaScript, waits for hydration; without, the page is ready as served. */
export async function ready(page: Page) {
  if (jsOn()) await hydrated(page);
}

/**
 * Runs axe-core on the page as it is and expects no violations. axe is a script, so with
 * JavaScript disabled it checks the same URL in a context where it can run but the app's own
 * scripts cannot: the server-rendered page a no-JS user gets, with its styles.
 */
export async function expectAccessible(page: Page) {
  if (test.info().project.use.javaScriptEnabled !== false) {
    return expectNoViolations(page);
  }
  const lang = await page.locator('html').getAttribute('lang');
  const browser = page.context().browser();
  if (!browser) throw new Error('no browser');
  const context = await browser.newContext({
    javaScriptEnabled: true,
    locale: lang === 'ja' ? 'ja-JP' : 'en-US',
    storageState: await page.context().storageState(),
  });
  await context.route(/\/pkg\/.*\.(js|wasm)$/, (route) => route.abort());
  const serverRendered = await context.newPage();
  await serverRendered.goto(page.url());
  await expectNoViolations(serverRendered);
  await context.close();
}

async function expectNoViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary).toEqual([]);
}

/** The table row whose header cell (the group's name) is `name`. */
export function groupRow(page: Page, name: string) {
  return page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
}

/** The data rows of the first table on the page (header row excluded). */
export function bodyRows(page: Page) {
  return page.locator('table').first().locator('tbody tr');
}

/** The value an error panel gives for `label` (a term of its list of facts). */
export function errorFact(page: Page, label: string) {
  return page.getByRole('alert').locator('dt', { hasText: label }).locator('xpath=following-sibling::dd[1]');
}

/**
 * One EC2 Query call to the ec2-local on `port`; answers its XML. `tolerated` error codes count
 * as done. For a test's own data, set up as an API user would.
 */
export async function ec2(port: number, region: string, query: string, tolerated: string[] = []) {
  const context = await request.newContext({ baseURL: `http://127.0.0.1:${port}` });
  const answer = await context.post('/', {
    headers: {
      authorization: `AWS4-HMAC-SHA256 Credential=e2e/20261130/${region}/ec2/aws4_request, SignedHeaders=host, Signature=0`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    data: `Version=2016-11-15&${query}`,
  });
  const body = await answer.text();
  await context.dispose();
  expect(answer.ok() || tolerated.some((code) => body.includes(`<Code>${code}</Code>`)), body).toBeTruthy();
  return body;
}

/** Every document the page loads from now on: none, when a hydrated page updates in place. */
export function documentLoads(page: Page): Request[] {
  const loads: Request[] = [];
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) loads.push(request);
  });
  return loads;
}

/** One TCP rule of an Authorize call: its `IpPermissions.N` fields. */
export function tcp(n: number, from: number, to: number, cidr: string, description: string) {
  const p = `IpPermissions.${n}`;
  return (
    `${p}.IpProtocol=tcp&${p}.FromPort=${from}&${p}.ToPort=${to}&${p}.IpRanges.1.CidrIp=${encodeURIComponent(cidr)}` +
    `&${p}.IpRanges.1.Description=${encodeURIComponent(description)}`
  );
}

/** One TCP rule of an Authorize call from (or to) the group `groupId`. */
export function tcpFromGroup(n: number, port: number, groupId: string) {
  const p = `IpPermissions.${n}`;
  return `${p}.IpProtocol=tcp&${p}.FromPort=${port}&${p}.ToPort=${port}&${p}.Groups.1.GroupId=${groupId}`;
}

/**
 * A new group of the default VPC in us-east-1 of the ec2-local on `port`, with these inbound
 * rules ([`tcp`]): its id, name and page. Named for the test's project, so that the browser
 * projects running in parallel never share one.
 */
export async function newGroup(port: number, ...rules: string[]) {
  const name = `edit-${test.info().project.name}-${Math.random().toString(16).slice(2, 10)}`;
  const created = await ec2(port, 'us-east-1', `Action=CreateSecurityGroup&GroupName=${name}&GroupDescription=Rule+editor+test`);
  const id = created.match(/<groupId>(sg-[0-9a-f]+)<\/groupId>/)?.[1] ?? '';
  if (rules.length > 0) {
    await ec2(port, 'us-east-1', `Action=AuthorizeSecurityGroupIngress&GroupId=${id}&${rules.join('&')}`);
  }
  return { id, name, page: `/security-groups/us-east-1/${id}` };
}

// What Chromium downloads for the first view of each page until the page is hydrated: the HTML,
// the styles, and on a page with islands (its forms) the JS glue and the WASM its loader fetches
// (from JavaScript, so the HTML's links alone undercount). Bytes are as transferred (gzip, the
// only encoding the console offers), headers excluded, nothing cached.
//
// node bench/first_view.cjs SITE NAME PASSWORD PATH...
const path = require('node:path');
const { chromium } = require(path.join(__dirname, '../end2end/node_modules/@playwright/test'));

const [site, name, password, ...paths] = process.argv.slice(2);

function kind(url, type) {
  if (url.endsWith('.wasm')) return 'wasm';
  if (url.endsWith('.js')) return 'js';
  if (url.endsWith('.css')) return 'css';
  return type === 'document' ? 'html' : 'other';
}

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const signedIn = await browser.newContext({ baseURL: site });
  const answer = await signedIn.request.post('/signin', {
    form: { name, password },
    headers: { Origin: site },
    maxRedirects: 0,
  });
  const location = answer.headers().location ?? '';
  if (answer.status() !== 303 || location.includes('error')) throw new Error(`sign-in failed: ${location}`);
  const storageState = await signedIn.storageState();
  await signedIn.close();

  for (const page_path of paths) {
    // A new context per page: an empty cache, as a first visit has.
    const context = await browser.newContext({ baseURL: site, storageState });
    const page = await context.newPage();
    const totals = { html: 0, css: 0, js: 0, wasm: 0, other: 0 };
    const pending = [];
    page.on('requestfinished', (request) => {
      pending.push(request.sizes().then((sizes) => {
        totals[kind(new URL(request.url()).pathname, request.resourceType())] += sizes.responseBodySize;
      }));
    });
    await page.goto(page_path);
    await page.locator('html[data-hydrated]').waitFor({ timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    await Promise.all(pending);
    const all = Object.values(totals).reduce((a, b) => a + b, 0);
    const parts = Object.entries(totals).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${(v / 1024).toFixed(0)}`);
    console.log(`  ${page_path.padEnd(58)} ${(all / 1024).toFixed(0).padStart(5)} KB  (${parts.join(', ')})`);
    await context.close();
  }
  await browser.close();
})().catch((error) => {
  console.error(error);
  process.exit(1);
});

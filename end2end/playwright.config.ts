import { defineConfig } from '@playwright/test';

// The server under test: the debug build, on the embedded EC2 sandbox with fresh demo data.
// eu-west-1 is enabled in the console but not in the sandbox, so one region always fails:
// the tests check that its failure is explained and that the other regions still show.
const port = 3210;
export const endpointPort = 3211;
export const endpointConsolePort = 3212;
// Cookies do not tell ports apart: the console on the endpoint is reached by another host name,
// so that each console keeps its own session cookie.
export const endpointConsoleURL = `http://localhost:${endpointConsolePort}`;
// A console on its own ec2-local with the demo data, for the specs that change groups: each test
// makes its own groups there, so that no other spec's counts move. Another loopback address
// gives it its own cookies.
export const editPort = 3213;
export const editConsolePort = 3214;
export const editConsoleURL = `http://127.0.0.2:${editConsolePort}`;

// With a PostgreSQL server (SG_TEST_POSTGRES, which scripts/test starts): two replicas of the
// console on one database and one ec2-local (the one for changes), at their default snapshot
// TTL. One loopback address for both, so that they share the browser's cookies as replicas
// behind one name would.
export const postgres = process.env.SG_TEST_POSTGRES;
export const replicaURLs = ['http://127.0.0.3:3215', 'http://127.0.0.3:3216'];

/** The password of every account the tests start with (admin, editor, viewer). */
export const password = 'e2e password of some length';
/** Where the setup project keeps each account's signed-in browser state. */
export const signedIn = (account: string) => `../target/e2e-auth/${account}.json`;

/** Shell commands that create the test accounts in `dataDir` before the console starts. */
function accounts(dataDir: string, names: string[]) {
  return names
    .map((name) => `printf '%s\\n' '${password}' | target/debug/sg-console --data-dir ${dataDir} user add ${name} --role ${name}`)
    .join(' && ');
}

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [
    // Signs each account in once and keeps its cookies for the tests (tests/signed-in.setup.ts).
    { name: 'setup', testMatch: /\.setup\.ts$/ },
    { name: 'js', use: { javaScriptEnabled: true, storageState: signedIn('admin') }, dependencies: ['setup'] },
    // What hydration adds (updates without a page load) has nothing to check without JavaScript.
    {
      name: 'no-js',
      use: { javaScriptEnabled: false, storageState: signedIn('admin') },
      dependencies: ['setup'],
      testIgnore: /(in-place|islands)\.spec\.ts/,
    },
  ],
  webServer: [
    {
      cwd: '..',
      command:
        `rm -rf target/e2e-data && ${accounts('target/e2e-data', ['admin', 'editor', 'viewer'])} && ` +
        `exec target/debug/sg-console --listen 127.0.0.1:${port} ` +
        `--data-dir target/e2e-data --regions us-east-1,ap-northeast-1,eu-west-1`,
      url: `http://127.0.0.1:${port}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    // A separate ec2-local that tests may add data to, and a console on it through its URL. The tests
// change both consoles' EC2 behind their backs, as Terraform would: they read EC2 on every view
// (--snapshot-ttl 0) rather than show a snapshot up to 10 s old.
    {
      cwd: '..',
      command:
        `rm -rf target/e2e-endpoint && mkdir -p target/e2e-endpoint && exec target/debug/ec2-local ` +
        `--listen 127.0.0.1:${endpointPort} --state target/e2e-endpoint/ec2.db --seed empty`,
      // Its log of every refused request (the seeding's duplicates) would only be noise here.
      env: { RUST_LOG: 'warn' },
      url: `http://127.0.0.1:${endpointPort}/_local/counters`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      cwd: '..',
      command:
        `${accounts('target/e2e-endpoint', ['admin'])} && ` +
        `exec target/debug/sg-console --listen 127.0.0.1:${endpointConsolePort} --data-dir target/e2e-endpoint ` +
        `--ec2 http://127.0.0.1:${endpointPort} --regions us-east-1,ap-northeast-1 --snapshot-ttl 0`,
      env: { AWS_ACCESS_KEY_ID: 'e2e', AWS_SECRET_ACCESS_KEY: 'e2e' },
      url: `http://127.0.0.1:${endpointConsolePort}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      cwd: '..',
      command:
        `rm -rf target/e2e-edit && mkdir -p target/e2e-edit && exec target/debug/ec2-local ` +
        `--listen 127.0.0.1:${editPort} --state target/e2e-edit/ec2.db --seed demo`,
      env: { RUST_LOG: 'warn' },
      url: `http://127.0.0.1:${editPort}/_local/counters`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      cwd: '..',
      command:
        `${accounts('target/e2e-edit', ['admin', 'editor', 'viewer'])} && ` +
        `exec target/debug/sg-console --listen 127.0.0.2:${editConsolePort} --data-dir target/e2e-edit ` +
        `--ec2 http://127.0.0.1:${editPort} --regions us-east-1,ap-northeast-1 --snapshot-ttl 0`,
      env: { AWS_ACCESS_KEY_ID: 'e2e', AWS_SECRET_ACCESS_KEY: 'e2e' },
      url: `${editConsoleURL}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    // Started one after the other: the first makes the database anew and its accounts.
    ...(postgres ? replicaURLs : []).map((url, i) => ({
      cwd: '..',
      command:
        (i === 0
          ? `psql -q '${postgres}/postgres' -c 'DROP DATABASE IF EXISTS sg_e2e' -c 'CREATE DATABASE sg_e2e' && ` +
            `mkdir -p target/e2e-replicas && ${accounts('target/e2e-replicas', ['editor'])} && `
          : '') +
        `exec target/debug/sg-console --listen ${new URL(url).host} --data-dir target/e2e-replicas ` +
        `--ec2 http://127.0.0.1:${editPort} --regions us-east-1,ap-northeast-1`,
      env: { AWS_ACCESS_KEY_ID: 'e2e', AWS_SECRET_ACCESS_KEY: 'e2e', SG_DATABASE_URL: `${postgres}/sg_e2e` },
      url: `${url}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore' as const,
      stderr: 'pipe' as const,
    })),
  ],
});

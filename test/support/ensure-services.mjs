// Run by `npm test` before vitest: makes sure the real parts the tests need are there, and says
// in one line what is missing and how to get it. It never lets a test be skipped instead.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import pg from 'pg';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresAnswers() {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function startLocalCluster() {
  if (!existsSync('/etc/postgresql')) return false;
  const versions = readdirSync('/etc/postgresql');
  for (const version of versions) {
    try {
      execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'inherit' });
      return true;
    } catch {
      // try the next version, if any
    }
  }
  return false;
}

if (!(await postgresAnswers())) {
  process.stdout.write(`PostgreSQL does not answer at ${url}; starting the local cluster\n`);
  startLocalCluster();
  let ready = false;
  for (let attempt = 0; attempt < 30 && !ready; attempt++) {
    ready = await postgresAnswers();
    if (!ready) await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  if (!ready) {
    process.stderr.write(
      `The tests need PostgreSQL 15+ at ${url} (set TEST_DATABASE_URL to another server); ` +
        'on Debian: apt-get install -y postgresql && pg_ctlcluster --skip-systemctl-redirect 15 main start\n',
    );
    process.exit(1);
  }
}
process.stdout.write(`PostgreSQL answers at ${url}\n`);

// The browser tests drive Debian's Chromium (never a downloaded browser).
const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  if (process.getuid?.() === 0) {
    process.stdout.write("Chromium is missing; installing Debian's chromium package\n");
    execFileSync(
      'sh',
      ['-c', 'apt-get update </dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium </dev/null'],
      { stdio: 'inherit' },
    );
  }
  if (!existsSync(CHROMIUM)) {
    process.stderr.write(
      "The browser tests need Debian's Chromium at /usr/bin/chromium: sudo apt-get install -y chromium\n",
    );
    process.exit(1);
  }
}
process.stdout.write(`Chromium at ${CHROMIUM}\n`);

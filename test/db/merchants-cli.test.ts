// `npm run merchants`: the registry kept as an operator does it, spawned as they run it, on each
// driver: a merchant added with its names, its key printed once and stored only as a hash, a
// rotation that stops the old key, a revocation; an unlinked dispute listed and linked; wrong
// calls refused with a message naming what is wrong and nothing written.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migrate, notifyInTransaction, openCase, openDatabase, type Db } from '../../db/index.ts';
import { operatorCli, seededForCli } from '../support/cli.ts';
import { DRIVERS } from '../support/databases.ts';

const KEY = /^API key: (omk_[a-z0-9]{8}_[A-Za-z0-9_-]{43})$/m;

/** Two disagreements before any merchant is registered: "Zalandolta" and a shop nobody knows. */
async function seed(db: Db) {
  await migrate(db);
  const context = { db, signal: notifyInTransaction() };
  const refs: string[] = [];
  for (const [consumer, merchant] of [
    ['c-1', 'Zalandolta'],
    ['c-2', 'Kauppa X'],
    ['c-3', 'Zalando'],
  ] as const) {
    const result = await openCase(
      context,
      {
        type: 'open',
        actor: { kind: 'bot' },
        consumerId: consumer,
        intent: 'merchant_disagreement',
        language: 'fi',
        entities: { merchant, amountMinor: 4_990, currency: 'EUR' },
      },
      new Date(),
    );
    if (!result.ok) throw new Error(result.error.code);
    refs.push(result.stored.case.ref);
  }
  return { zalandolta: refs[0]!, unknown: refs[1]!, zalando: refs[2]! };
}

const SPAWNS = { timeout: 240_000 };

for (const kind of DRIVERS) {
  describe(`npm run merchants [${kind}]`, SPAWNS, () => {
    const database = seededForCli(kind, seed);
    const cli = (...args: string[]) => operatorCli('merchants', database.env(), ...args);
    /** Reads the database as the service would, between two CLI runs (PGlite: one process at a time). */
    async function query<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
      const env = database.env();
      const db = await openDatabase(
        env.DATABASE_URL ? { kind: 'postgres', url: env.DATABASE_URL } : { kind: 'pglite', dataDir: env.DATA_DIR! },
      );
      try {
        return (await db.query<Row>(sql, params)).rows;
      } finally {
        await db.close();
      }
    }
    let firstKey = '';

    it('before any merchant, the disputes wait unlinked with their names as typed', () => {
      const listed = cli('unlinked', '--json');
      expect(listed.code).toBe(0);
      const rows = JSON.parse(listed.stdout) as { caseRef: string; merchantName: string }[];
      expect(rows.map((r) => r.merchantName).sort()).toEqual(['Kauppa X', 'Zalando', 'Zalandolta']);
      expect(cli('list').stdout).toMatch(/^no merchants registered/);
    });

    it('add registers the merchant, prints its key once with a warning, stores only the hash, and takes over the disputes its names find', async () => {
      const added = cli(
        'add',
        '--name',
        'Zalando',
        '--alias',
        'Zalando SE',
        '--domain',
        'zalando.fi',
        '--email',
        'disputes@zalando.example',
        '--language',
        'fi',
        '--webhook-url',
        'https://hooks.zalando.example/ombud',
      );
      expect(added.stderr).toBe('');
      expect(added.code).toBe(0);
      expect(added.stdout).toMatch(/^merchant 1 added: Zalando, Zalando SE, zalando\.fi \(domain\)$/m);
      expect(added.stdout).toMatch(/will not be shown again/);
      expect(added.stdout).toMatch(/^Webhook secret: whsec_/m);
      expect(added.stdout).toMatch(/^2 dispute\(s\) waiting for a merchant are now merchant 1's$/m);
      firstKey = KEY.exec(added.stdout)![1]!;
      const stored = await query<{ prefix: string; sha256: string }>('SELECT prefix, sha256 FROM merchant_api_keys');
      expect(stored).toEqual([
        { prefix: firstKey.slice(0, 12), sha256: createHash('sha256').update(firstKey).digest('hex') },
      ]);
      const list = cli('list');
      expect(list.stdout).toContain(firstKey.slice(0, 12));
      expect(list.stdout).not.toContain(firstKey);
      const [merchant] = JSON.parse(cli('list', '--json').stdout);
      expect(merchant).toMatchObject({
        id: 1,
        name: 'Zalando',
        language: 'fi',
        contactEmail: 'disputes@zalando.example',
        webhookUrl: 'https://hooks.zalando.example/ombud',
      });
      expect(JSON.stringify(merchant)).not.toMatch(/whsec_|omk_[a-z0-9]{8}_/);
      expect(JSON.parse(cli('unlinked', '--json').stdout).map((r: { merchantName: string }) => r.merchantName)).toEqual(
        ['Kauppa X'],
      );
    });

    it('rotate-key prints a new key once and the old one stops; revoke-key stops a key, twice is harmless', async () => {
      const rotated = cli('rotate-key', '1');
      expect(rotated.code).toBe(0);
      expect(rotated.stdout).toContain(`revoked ${firstKey.slice(0, 12)}`);
      expect(rotated.stdout).toMatch(/will not be shown again/);
      const second = KEY.exec(rotated.stdout)![1]!;
      expect(second).not.toBe(firstKey);
      const live = await query<{ prefix: string }>('SELECT prefix FROM merchant_api_keys WHERE revoked_at IS NULL');
      expect(live).toEqual([{ prefix: second.slice(0, 12) }]);
      const revoked = cli('revoke-key', '1', second.slice(0, 12));
      expect([revoked.code, revoked.stdout]).toEqual([0, `key ${second.slice(0, 12)} of merchant 1 revoked\n`]);
      expect(cli('revoke-key', '1', second.slice(0, 12)).stdout).toMatch(/already revoked/);
      expect(await query('SELECT prefix FROM merchant_api_keys WHERE revoked_at IS NULL')).toEqual([]);
      expect(cli('list').stdout).toMatch(/none\s*$/m);
    });

    it('link NAME ID moves the unlinked disputes of that name under the merchant and keeps the name; link REF ID one case', async () => {
      cli('add', '--name', 'Kauppa Y');
      const linked = cli('link', 'kauppa x', '2');
      expect(linked.stderr).toBe('');
      expect(linked.stdout).toMatch(/^"kauppa x" is now a name of merchant 2 Kauppa Y: 1 dispute\(s\) moved under it/);
      expect(cli('unlinked').stdout).toMatch(/^no unlinked disputes/);
      const refs = database.seeded();
      const byCase = cli('link', refs.zalandolta, '2', '--json');
      expect(JSON.parse(byCase.stdout)).toMatchObject({
        merchantId: 2,
        caseRef: refs.zalandolta,
        previous: 1,
        linkedDisputes: 1,
      });
      const rows = await query<{ ref: string; merchant_id: number }>(
        'SELECT c.ref, d.merchant_id::int AS merchant_id FROM disputes d JOIN cases c ON c.id = d.case_id ORDER BY c.ref',
      );
      expect(Object.fromEntries(rows.map((r) => [r.ref, r.merchant_id]))).toEqual({
        [refs.zalandolta]: 2,
        [refs.unknown]: 2,
        [refs.zalando]: 1,
      });
    });

    /** Each call spawned as the operator types it: its exit code, its message on stderr, nothing on stdout. */
    function expectRefused(cases: Array<[string[], number, RegExp]>) {
      for (const [args, code, message] of cases) {
        const result = cli(...args);
        expect([args, result.code], result.stderr).toEqual([args, code]);
        expect(result.stderr).toMatch(message);
        expect(result.stdout).toBe('');
      }
    }
    const written = () =>
      query<{ n: number }>('SELECT (SELECT count(*) FROM merchants) + (SELECT count(*) FROM merchant_names) AS n');

    // Every spawn opens the database anew (seconds on PGlite): a few calls per test, each a different check.
    it('a wrong call exits 2 naming the wrong value, and writes nothing', async () => {
      const before = await written();
      expectRefused([
        [
          ['add', '--name', 'Shop', '--email', 'not-an-address'],
          2,
          /--email "not-an-address" must be an e-mail address/,
        ],
        [
          ['add', '--name', 'Shop', '--webhook-url', 'http://hooks.example/x'],
          2,
          /--webhook-url .* must be an https:\/\/ address/,
        ],
        [['add', '--name', 'Shop', '--domain', 'not a domain'], 2, /"not a domain" is not a web domain/],
        [['add', '--name', 'Shop\x1b[2J'], 2, /must not hold control characters/],
        [['revoke-key', '1', 'abc'], 2, /"abc" is not a key prefix/],
        [['frobnicate'], 2, /usage: npm run merchants/],
      ]);
      expect(await written()).toEqual(before);
    });

    it('what the registry refuses exits 1 saying why, and writes nothing', async () => {
      const before = await written();
      expectRefused([
        [['add', '--name', 'ZALANDO SE'], 1, /already finds merchant 1; nothing changed/],
        [['alias', '99', 'Name'], 1, /no merchant 99/],
        [['link', 'Nobody Typed This', '1'], 1, /no unlinked dispute names the shop "Nobody Typed This"/],
        [['link', 'OMB-NOSUCH00', '1'], 1, /no dispute on case OMB-NOSUCH00/],
      ]);
      expect(await written()).toEqual(before);
    });
  });
}

// `npm run ombudsman -- add | list | revoke`: the named ombudsman accounts (issue 18, item 6;
// db/ombudsman-accounts.ts). Each ombudsman gets a token of their own, shown once and kept only as
// its hash; a revoked token is refused like one never issued. Exit 2: the call is wrong; exit 1:
// no such account. Reads DATABASE_URL, or the PGlite folder DATA_DIR (which must not be open in a
// running service).
import { parseArgs } from 'node:util';
import {
  addOmbudsmanAccount,
  listOmbudsmanAccounts,
  OMBUDSMAN_ACCOUNT_ID,
  revokeOmbudsmanAccount,
  type Db,
} from '../index.ts';
import { jsonLine, printLine } from './printable.ts';
import { runCli, UsageError } from './run.ts';
import { printTable } from './table.ts';

const USAGE = `usage: npm run ombudsman -- <command> [options]
  add --name NAME [--slack-user SLACK_USER_ID] [--json]
                      a named ombudsman account; prints its id and its token (shown this once).
                      --slack-user links the Slack user the same person works as in a lower
                      tier: they are then refused as ombudsman on cases they acted on there
  list [--json]       every account, revoked ones too (never a token)
  revoke ID           the account's token stops working at once (401, like an unknown token)`;

/** The registry refused: its message to stderr, exit code 1. */
class Refused extends Error {}

const CONTROL = /[\p{Cc}\p{Cf}]/u;
const SLACK_USER = /^[UW][A-Z0-9]{2,20}$/;

async function add(db: Db, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { name: { type: 'string' }, 'slack-user': { type: 'string' }, json: { type: 'boolean' } },
  });
  const name = values.name?.trim();
  if (!name) throw new UsageError('add needs --name NAME: who the ombudsman is');
  if (name.length > 200 || CONTROL.test(name))
    throw new UsageError('--name must be at most 200 characters, without control characters');
  const slackUser = values['slack-user']?.trim();
  if (slackUser !== undefined && !SLACK_USER.test(slackUser)) {
    throw new UsageError(
      `--slack-user ${JSON.stringify(slackUser)} is not a Slack user id (U or W and capital letters or digits, e.g. U04ABCDEF)`,
    );
  }
  const created = await addOmbudsmanAccount(db, { name, slackUserId: slackUser ?? null, at: new Date() });
  if (values.json) return void process.stdout.write(jsonLine(created));
  printLine(`ombudsman ${created.id} added: ${name}${slackUser ? ` (Slack user ${slackUser})` : ''}`);
  printLine(`Token: ${created.token}`);
  printLine(
    'This token is shown only now and will not be shown again: give it to the ombudsman, who sends it as "Authorization: Bearer <token>".',
  );
}

async function list(db: Db, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  const accounts = await listOmbudsmanAccounts(db);
  if (values.json) return void process.stdout.write(jsonLine(accounts));
  if (accounts.length === 0) return printLine('no ombudsman accounts (npm run ombudsman -- add --name NAME)');
  printTable(
    ['id', 'name', 'slack user', 'added', 'revoked'],
    accounts.map((a) => [
      a.id,
      a.name,
      a.slackUserId ?? '',
      a.createdAt.toISOString().slice(0, 10),
      a.revokedAt ? a.revokedAt.toISOString().slice(0, 10) : '',
    ]),
  );
}

async function revoke(db: Db, args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const id = positionals[0];
  if (id === undefined || positionals.length > 1)
    throw new UsageError('revoke needs one account ID, as add printed it or list shows it');
  if (!OMBUDSMAN_ACCOUNT_ID.test(id))
    throw new UsageError(`${JSON.stringify(id)} is not an ombudsman account id (omb_ and 8 letters or digits)`);
  const result = await revokeOmbudsmanAccount(db, id, new Date());
  if (result === 'unknown') throw new Refused(`there is no ombudsman account ${id}`);
  printLine(
    result === 'revoked'
      ? `ombudsman ${id} revoked: the token no longer opens the desk`
      : `ombudsman ${id} was already revoked`,
  );
}

await runCli('ombudsman', USAGE, { add, list, revoke });

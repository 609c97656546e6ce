// Evidence from both sides (issue 17, docs/evidence.md) through the real service (bot/service.ts's
// composition root in this process) on PGlite and PostgreSQL: the consumer uploads to their own
// case and downloads it back; the merchant uploads for its contest, which names the files; a
// renamed executable, an 11 MB file (announced, and streamed without a length), an 11th file and
// another consumer's case are refused with stable codes and leave the evidence tables as they
// were; an agent's "Open files" on the Slack card (Bolt's HTTP receiver, signed requests, nock
// for the Web API) answers with signed links that work, and expire.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../bot/errors.ts';
import { loadConfig } from '../../bot/config.ts';
import { signEvidenceLink } from '../../bot/evidence/links.ts';
import { createLogger } from '../../bot/log.ts';
import { startService, type RunningService } from '../../bot/service.ts';
import { CARD_ACTIONS } from '../../bot/slack/cards.ts';
import { issueSession } from '../../bot/web/session.ts';
import { addMerchant, caseEvents, findCaseByRef, openCase } from '../../db/index.ts';
import { addEvidence, databaseEvidenceStore } from '../../db/evidence.ts';
import { Clock, CS, MINUTE, open, run } from '../ombudsman/support.ts';
import { latestMerchantResponse } from '../../db/merchant-disputes.ts';
import { createServerDatabase, DRIVERS } from '../support/databases.ts';
import { freePort } from '../support/process.ts';
import { cardClick, postToSlackEndpoint, recordSlackApi, SIGNING_SECRET, SLACK_API } from '../slack/support.ts';

const SECRET = 'evidence-test-session-secret-0123456789abcdef';
const PUBLIC_URL = 'https://chat.example';
const CS_CHANNEL = 'C0CUSTSERV';
const INV_CHANNEL = 'C0INVESTIG';
const MB = 1024 * 1024;
const OMBUDSMAN_TOKEN = 'evidence-test-ombudsman-token-0123456789abcdef';

/** A 1×1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
/** A Windows executable's first bytes (MZ, the DOS stub's message), named and typed as a PDF. */
const EXE = Buffer.concat([
  Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'),
  Buffer.from('This program cannot be run in DOS mode.\r\n'),
  Buffer.alloc(512, 0x41),
]);

const slack = recordSlackApi((call) => ({
  channel: call.body.channel,
  ts: call.body.ts ?? `1764300000.${Math.floor(Math.random() * 1e6)}`,
}));

for (const kind of DRIVERS) {
  describe(`evidence uploads [${kind}]`, () => {
    let service: RunningService;
    let base: string;
    let dataDir: string;
    let drop = async () => {};
    let zalandoKey = '';
    let apoteaKey = '';

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'ombud-evidence-'));
      const server = kind === 'postgres' ? await createServerDatabase() : undefined;
      if (server) drop = server.drop;
      const config = loadConfig({
        PORT: String(await freePort()),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        SESSION_SECRET: SECRET,
        PUBLIC_URL,
        LOG_LEVEL: 'warn',
        SLACK_BOT_TOKEN: 'xoxb-evidence-test',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: `${SLACK_API}/api/`,
        SLACK_BOT_ID: 'B0BOT',
        SLACK_BOT_USER_ID: 'U0BOT',
        SLACK_CHANNEL_CUSTOMER_SERVICE: CS_CHANNEL,
        SLACK_CHANNEL_INVESTIGATION: INV_CHANNEL,
        OMBUDSMAN_TOKEN,
        ...(server ? { DATABASE_URL: server.url } : {}),
      });
      service = await startService(config, createLogger('warn'));
      base = `http://127.0.0.1:${service.port}`;
      zalandoKey = (await service.db.transaction((tx) => addMerchant(tx, { name: 'Zalando' }, new Date()))).apiKey;
      apoteaKey = (await service.db.transaction((tx) => addMerchant(tx, { name: 'Apotea' }, new Date()))).apiKey;
    }, 120_000);

    afterAll(async () => {
      await service?.stop();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    /** A consumer with a session and a dispute with `merchant`. */
    async function consumerWithDispute(merchant = 'Zalando', orderNumber = '55501') {
      const session = issueSession(SECRET, { now: new Date() });
      const result = await openCase(
        { db: service.db, signal: service.signal },
        {
          type: 'open',
          actor: { kind: 'bot' },
          consumerId: session.user,
          intent: 'merchant_disagreement',
          language: 'en',
          entities: { merchant, amountMinor: 49_900, currency: 'SEK', orderNumber, refundReason: 'not_received' },
        },
        new Date(),
      );
      if (!result.ok) throw new Error(result.error.code);
      return { ref: result.stored.case.ref, auth: { authorization: `Bearer ${session.token}` } };
    }

    function form(content: Buffer, filename: string, type: string): FormData {
      const body = new FormData();
      body.append('file', new Blob([new Uint8Array(content)], { type }), filename);
      return body;
    }

    const upload = (
      path: string,
      headers: Record<string, string>,
      content: Buffer,
      filename = 'receipt.png',
      type = 'image/png',
    ) => fetch(`${base}${path}`, { method: 'POST', headers, body: form(content, filename, type) });

    async function stored() {
      const { rows } = await service.db.query<{ files: number; contents: number }>(
        'SELECT (SELECT count(*) FROM evidence)::int AS files, (SELECT count(*) FROM evidence_content)::int AS contents',
      );
      return rows[0]!;
    }

    async function refusedAndNothingStored(
      response: Promise<Response>,
      status: number,
      code: string,
      before: { files: number; contents: number },
    ) {
      const answer = await response;
      expect(answer.status).toBe(status);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe(code);
      expect(await stored()).toEqual(before);
    }

    it('the consumer uploads a PNG to their case and downloads it back as an attachment, sandboxed; another consumer cannot', async () => {
      const alice = await consumerWithDispute('Zalando', '1001');
      const bob = await consumerWithDispute('Zalando', '1002');
      const before = await stored();
      const answer = await upload(`/api/cases/${alice.ref}/evidence`, alice.auth, PNG, 'kvitto.png');
      expect(answer.status).toBe(201);
      const file = (await answer.json()) as { id: string; type: string; bytes: number };
      expect(file).toEqual({ id: expect.stringMatching(/^ev_/), type: 'image/png', bytes: PNG.length });
      expect(await stored()).toEqual({ files: before.files + 1, contents: before.contents + 1 });

      const download = await fetch(`${base}/api/cases/${alice.ref}/evidence/${file.id}`, { headers: alice.auth });
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('image/png');
      expect(download.headers.get('content-disposition')).toBe(`attachment; filename="${file.id}.png"`);
      expect(download.headers.get('content-security-policy')).toContain('sandbox');
      expect(download.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(download.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);
      const listed = (await (
        await fetch(`${base}/api/cases/${alice.ref}/evidence`, { headers: alice.auth })
      ).json()) as { evidence: { id: string; from: string }[] };
      expect(listed.evidence).toEqual([
        expect.objectContaining({ id: file.id, from: 'consumer', type: 'image/png', bytes: PNG.length }),
      ]);

      // Bob: Alice's case is "not found", exactly as a missing one, for uploads and downloads.
      const afterAlice = await stored();
      const theirs = await upload(`/api/cases/${alice.ref}/evidence`, bob.auth, PNG);
      const missing = await upload('/api/cases/OMB-ZZZZZZZ9/evidence', bob.auth, PNG);
      expect([theirs.status, missing.status]).toEqual([404, 404]);
      const [theirsBody, missingBody] = (await Promise.all([theirs.json(), missing.json()])) as {
        error: { code: string; message: string };
      }[];
      expect(theirsBody!.error.code).toBe('case_not_found');
      expect(theirsBody!.error.message.replace(alice.ref, 'REF')).toBe(
        missingBody!.error.message.replace('OMB-ZZZZZZZ9', 'REF'),
      );
      expect(await stored()).toEqual(afterAlice);
      const peek = await fetch(`${base}/api/cases/${alice.ref}/evidence/${file.id}`, { headers: bob.auth });
      expect(peek.status).toBe(404);
      expect(((await peek.json()) as { error: { code: string } }).error.code).toBe('case_not_found');
      // No session at all: no upload either.
      await refusedAndNothingStored(
        upload(`/api/cases/${alice.ref}/evidence`, {}, PNG),
        401,
        'session_missing',
        afterAlice,
      );
    });

    it('a renamed executable is refused by its content, whatever its name and declared type; nothing is stored', async () => {
      const c = await consumerWithDispute('Zalando', '2001');
      const before = await stored();
      await refusedAndNothingStored(
        upload(`/api/cases/${c.ref}/evidence`, c.auth, EXE, 'receipt.pdf', 'application/pdf'),
        415,
        'evidence_type_not_allowed',
        before,
      );
      await refusedAndNothingStored(
        upload(`/api/cases/${c.ref}/evidence`, c.auth, EXE, 'photo.jpg', 'image/jpeg'),
        415,
        'evidence_type_not_allowed',
        before,
      );
      // A PDF named .exe is a PDF: the name does not matter either way.
      const pdf = await upload(`/api/cases/${c.ref}/evidence`, c.auth, PDF, 'setup.exe', 'application/x-msdownload');
      expect(pdf.status).toBe(201);
      expect(((await pdf.json()) as { type: string }).type).toBe('application/pdf');
    });

    it('an 11 MB file is refused, announced or streamed without a length; nothing is stored', async () => {
      const c = await consumerWithDispute('Zalando', '3001');
      const before = await stored();
      const big = Buffer.alloc(11 * MB, 0x42);
      PNG.copy(big, 0, 0, 16);
      await refusedAndNothingStored(
        upload(`/api/cases/${c.ref}/evidence`, c.auth, big, 'huge.png'),
        413,
        'evidence_too_large',
        before,
      );

      // Chunked, no Content-Length: the parser's limit stops keeping bytes at 10 MB.
      const boundary = 'ombud-evidence-test-boundary';
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.png"\r\nContent-Type: image/png\r\n\r\n`,
      );
      const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
      let sent = 0;
      const chunk = Buffer.alloc(256 * 1024, 0x42);
      PNG.copy(chunk, 0, 0, 16);
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent === 0) controller.enqueue(new Uint8Array(head));
          if (sent >= 11 * MB) {
            controller.enqueue(new Uint8Array(tail));
            controller.close();
            return;
          }
          controller.enqueue(new Uint8Array(chunk));
          sent += chunk.length;
        },
      });
      await refusedAndNothingStored(
        fetch(`${base}/api/cases/${c.ref}/evidence`, {
          method: 'POST',
          headers: { ...c.auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
          body: stream,
          duplex: 'half',
        } as RequestInit),
        413,
        'evidence_too_large',
        before,
      );
      // Exactly 10 MB is taken.
      const most = Buffer.alloc(10 * MB, 0x42);
      PNG.copy(most, 0, 0, 16);
      const taken = await upload(`/api/cases/${c.ref}/evidence`, c.auth, most, 'most.png');
      expect(taken.status).toBe(201);
      expect(((await taken.json()) as { bytes: number }).bytes).toBe(10 * MB);
    }, 60_000);

    it('the 11th file of a case is refused, both sides counted together; nothing is stored', async () => {
      const c = await consumerWithDispute('Zalando', '4001');
      for (let n = 0; n < 9; n += 1)
        expect((await upload(`/api/cases/${c.ref}/evidence`, c.auth, PNG)).status).toBe(201);
      expect(
        (
          await upload(
            `/api/merchant/disputes/${c.ref}/evidence`,
            { authorization: `Bearer ${zalandoKey}` },
            PDF,
            'pod.pdf',
            'application/pdf',
          )
        ).status,
      ).toBe(201);
      const before = await stored();
      await refusedAndNothingStored(
        upload(`/api/cases/${c.ref}/evidence`, c.auth, PNG),
        409,
        'evidence_limit_reached',
        before,
      );
      await refusedAndNothingStored(
        upload(`/api/merchant/disputes/${c.ref}/evidence`, { authorization: `Bearer ${zalandoKey}` }, PDF, 'pod.pdf'),
        409,
        'evidence_limit_reached',
        before,
      );
      const listed = (await (await fetch(`${base}/api/cases/${c.ref}/evidence`, { headers: c.auth })).json()) as {
        evidence: unknown[];
      };
      expect(listed.evidence).toHaveLength(10);
    });

    it("the merchant uploads a PDF for its contest, which names it; ids that are not its uploads are refused; another merchant's dispute is not found", async () => {
      const c = await consumerWithDispute('Zalando', '5001');
      const merchant = { authorization: `Bearer ${zalandoKey}` };
      const consumerFile = (await (await upload(`/api/cases/${c.ref}/evidence`, c.auth, PNG)).json()) as { id: string };
      const answer = await upload(
        `/api/merchant/disputes/${c.ref}/evidence`,
        merchant,
        PDF,
        'proof-of-delivery.pdf',
        'application/pdf',
      );
      expect(answer.status).toBe(201);
      const pod = (await answer.json()) as { id: string; type: string; bytes: number };
      expect(pod).toEqual({ id: expect.stringMatching(/^ev_/), type: 'application/pdf', bytes: PDF.length });

      // Another merchant: the dispute is not found, for uploads and downloads; nothing stored.
      const before = await stored();
      await refusedAndNothingStored(
        upload(`/api/merchant/disputes/${c.ref}/evidence`, { authorization: `Bearer ${apoteaKey}` }, PDF, 'pod.pdf'),
        404,
        'dispute_not_found',
        before,
      );
      await refusedAndNothingStored(
        upload(`/api/merchant/disputes/${c.ref}/evidence`, { authorization: 'Bearer not-a-key' }, PDF, 'pod.pdf'),
        401,
        'merchant_key_invalid',
        before,
      );
      expect(
        (
          await fetch(`${base}/api/merchant/disputes/${c.ref}/evidence/${pod.id}`, {
            headers: { authorization: `Bearer ${apoteaKey}` },
          })
        ).status,
      ).toBe(404);

      const contest = (evidence: string[]) =>
        fetch(`${base}/api/merchant/disputes/${c.ref}/response`, {
          method: 'POST',
          headers: { ...merchant, 'content-type': 'application/json' },
          body: JSON.stringify({ action: 'contest', statement: 'Delivered to the parcel box on 3 March.', evidence }),
        });
      for (const wrong of [[consumerFile.id], ['ev_AAAAAAAAAAAAAAAA'], [pod.id, 'pod-1']]) {
        const refused = await contest(wrong);
        expect(refused.status).toBe(400);
        expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('evidence_unknown');
      }
      const kase = await findCaseByRef(service.db, c.ref);
      expect((await caseEvents(service.db, kase!.id)).map((event) => event.type)).not.toContain('merchant_responded');
      const contested = await contest([pod.id]);
      expect(contested.status).toBe(200);
      expect((await latestMerchantResponse(service.db, kase!.id))?.evidence).toEqual([pod.id]);

      // The merchant reads the dispute's files, the consumer's too; the consumer reads the merchant's.
      const listed = (await (
        await fetch(`${base}/api/merchant/disputes/${c.ref}/evidence`, { headers: merchant })
      ).json()) as { evidence: { id: string; from: string }[] };
      expect(listed.evidence.map((file) => [file.id, file.from])).toEqual([
        [consumerFile.id, 'consumer'],
        [pod.id, 'merchant'],
      ]);
      const mine = await fetch(`${base}/api/merchant/disputes/${c.ref}/evidence/${pod.id}`, { headers: merchant });
      expect(mine.status).toBe(200);
      expect(mine.headers.get('content-disposition')).toBe(`attachment; filename="${pod.id}.pdf"`);
      expect(Buffer.from(await mine.arrayBuffer()).equals(PDF)).toBe(true);
      const consumers = await fetch(`${base}/api/cases/${c.ref}/evidence/${pod.id}`, { headers: c.auth });
      expect(consumers.status).toBe(200);
    });

    it('malformed multipart bodies are refused with a stable code and store nothing', async () => {
      const before = await stored();
      const boundary = fc.stringMatching(/^[A-Za-z0-9'()+_,./:=?-]{1,70}$/);
      const part = (b: string, head: string, content: Uint8Array) =>
        Buffer.concat([Buffer.from(`--${b}\r\n${head}\r\n\r\n`), content, Buffer.from(`\r\n--${b}--\r\n`)]);
      const body = fc.oneof(
        // Random bytes under a multipart type.
        fc
          .tuple(boundary, fc.uint8Array({ maxLength: 400 }))
          .map(([b, bytes]) => ({ type: `multipart/form-data; boundary=${b}`, body: Buffer.from(bytes) })),
        // A well-formed part whose content is anything but the three types' first bytes.
        fc
          .tuple(
            boundary,
            fc
              .uint8Array({ minLength: 1, maxLength: 200 })
              .filter((x) => x[0] !== 0x25 && x[0] !== 0x89 && x[0] !== 0xff),
          )
          .map(([b, bytes]) => ({
            type: `multipart/form-data; boundary=${b}`,
            body: part(
              b,
              'Content-Disposition: form-data; name="file"; filename="receipt.pdf"\r\nContent-Type: application/pdf',
              bytes,
            ),
          })),
        // Two files, a field only, no boundary, another type.
        fc.constant({
          type: 'multipart/form-data; boundary=xx',
          body: Buffer.concat([
            Buffer.from('--xx\r\nContent-Disposition: form-data; name="a"; filename="a.png"\r\n\r\n'),
            PNG,
            Buffer.from('\r\n--xx\r\nContent-Disposition: form-data; name="b"; filename="b.png"\r\n\r\n'),
            PNG,
            Buffer.from('\r\n--xx--\r\n'),
          ]),
        }),
        fc.constant({
          type: 'multipart/form-data; boundary=xx',
          body: part('xx', 'Content-Disposition: form-data; name="note"', Buffer.from('hello')),
        }),
        fc.constant({ type: 'multipart/form-data', body: PNG }),
        fc.constant({ type: 'image/png', body: PNG }),
      );
      await fc.assert(
        fc.asyncProperty(body, async ({ type, body: bytes }) => {
          // A consumer each run, so the per-consumer upload limit never answers for the parser.
          const c = await consumerWithDispute('Zalando', '8001');
          const answer = await fetch(`${base}/api/cases/${c.ref}/evidence`, {
            method: 'POST',
            headers: { ...c.auth, 'content-type': type },
            body: new Uint8Array(bytes),
          });
          const json = (await answer.json()) as { error?: { code: string } };
          expect(answer.status).toBeGreaterThanOrEqual(400);
          expect(answer.status).toBeLessThan(500);
          expect(Object.keys(ERROR_CODES)).toContain(json.error?.code);
          expect(await stored()).toEqual(before);
        }),
        { numRuns: 25 },
      );
    });

    it('the ombudsman downloads the files of a case sent to them; others, and cases not sent, get nothing', async () => {
      const session = issueSession(SECRET, { now: new Date() });
      const context = { db: service.db, signal: service.signal };
      // An invoice question answered with customer service's final statement: the consumer may take it to the ombudsman.
      const clock = new Clock(new Date(Date.now() - 60 * MINUTE));
      const opened = await open(context, session.user, 'invoice', clock.now);
      await run(context, opened.case.ref, { type: 'pick_up', actor: CS }, clock.tick());
      await run(
        context,
        opened.case.ref,
        { type: 'issue_final_statement', actor: CS, text: 'The fee is right: the invoice was paid late.' },
        clock.tick(),
      );
      const decided = await run(
        context,
        opened.case.ref,
        { type: 'resolve', actor: CS, outcome: 'answered' },
        clock.tick(),
      );
      const file = await addEvidence(service.db, databaseEvidenceStore, {
        id: 'ev_OMBUDSMANFILE001',
        caseId: decided.id,
        uploadedBy: 'consumer',
        mediaType: 'image/png',
        sha256: 'x',
        content: PNG,
        at: new Date(),
      });
      expect(file.ok).toBe(true);
      const omb = { authorization: `Bearer ${OMBUDSMAN_TOKEN}` };
      const path = `/api/ombudsman/cases/${decided.case.ref}/evidence/ev_OMBUDSMANFILE001`;
      // Not sent to the ombudsman yet: not found, even for the ombudsman.
      expect((await fetch(`${base}${path}`, { headers: omb })).status).toBe(404);
      const filed = await fetch(`${base}/api/ombudsman/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
        body: JSON.stringify({
          caseRef: decided.case.ref,
          statement: 'The receipt proves I returned it.',
          desiredOutcome: 'Cancel the invoice.',
        }),
      });
      expect(filed.status).toBeLessThan(300);
      const got = await fetch(`${base}${path}`, { headers: omb });
      expect(got.status).toBe(200);
      expect(got.headers.get('content-disposition')).toBe('attachment; filename="ev_OMBUDSMANFILE001.png"');
      expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true);
      const listed = (await (
        await fetch(`${base}/api/ombudsman/cases/${decided.case.ref}/evidence`, { headers: omb })
      ).json()) as { evidence: { id: string }[] };
      expect(listed.evidence.map((f) => f.id)).toEqual(['ev_OMBUDSMANFILE001']);
      // A consumer's session or a merchant's key is not the ombudsman's token.
      expect((await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${session.token}` } })).status).toBe(
        401,
      );
      expect((await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${zalandoKey}` } })).status).toBe(401);
    });

    it("an agent's Open files on the Slack card answers with signed links that work for 15 minutes, and then not", async () => {
      const c = await consumerWithDispute('Zalando', '6001');
      const file = (await (await upload(`/api/cases/${c.ref}/evidence`, c.auth, PNG)).json()) as { id: string };
      const click = await postToSlackEndpoint(
        base,
        cardClick({
          ref: c.ref,
          actionId: CARD_ACTIONS.evidenceLinks,
          channel: CS_CHANNEL,
          cardTs: '1764300000.000001',
        }),
      );
      expect(click.status).toBe(200);
      let text = '';
      for (let tries = 0; tries < 100 && !text; tries += 1) {
        text =
          slack.calls.find((call) => call.method === 'chat.postEphemeral' && call.body.text?.includes(file.id))?.body
            .text ?? '';
        if (!text) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(text).toContain(`Files of case ${c.ref}`);
      const link = /<(https:\/\/chat\.example\/api\/evidence\/[^|>]+)\|Consumer · PNG · 1 kB · (ev_[^>]+)>/.exec(text);
      expect(link?.[2]).toBe(file.id);
      const path = link![1]!.slice(PUBLIC_URL.length);
      const expires = Number(new URL(link![1]!).searchParams.get('expires'));
      expect(expires * 1000 - Date.now()).toBeLessThanOrEqual(15 * 60_000);
      expect(expires * 1000 - Date.now()).toBeGreaterThan(14 * 60_000);

      const followed = await fetch(`${base}${path}`);
      expect(followed.status).toBe(200);
      expect(followed.headers.get('content-disposition')).toBe(`attachment; filename="${file.id}.png"`);
      expect(followed.headers.get('content-security-policy')).toContain('sandbox');
      expect(Buffer.from(await followed.arrayBuffer()).equals(PNG)).toBe(true);

      // Signed 16 minutes ago: expired. Another file's id under this signature, or a changed expiry: not valid.
      const old = await fetch(`${base}${signEvidenceLink(SECRET, file.id, new Date(Date.now() - 16 * 60_000))}`);
      expect(old.status).toBe(403);
      expect(((await old.json()) as { error: { code: string } }).error.code).toBe('evidence_link_expired');
      const other = (await (await upload(`/api/cases/${c.ref}/evidence`, c.auth, PDF, 'x.pdf')).json()) as {
        id: string;
      };
      for (const forged of [
        path.replace(file.id, other.id),
        path.replace(/expires=(\d+)/, (_m, n: string) => `expires=${Number(n) + 600}`),
      ]) {
        const answer = await fetch(`${base}${forged}`);
        expect(answer.status).toBe(403);
        expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('evidence_link_invalid');
      }
      // The card itself names the files and carries the button.
      const cardCalls = () =>
        slack.calls.filter(
          (call) =>
            (call.method === 'chat.update' || call.method === 'chat.postMessage') &&
            JSON.stringify(call.body.blocks ?? '').includes(file.id),
        );
      for (let tries = 0; tries < 100 && cardCalls().length === 0; tries += 1)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(cardCalls().length).toBeGreaterThan(0);
      expect(JSON.stringify(cardCalls().at(-1)!.body.blocks)).toContain(CARD_ACTIONS.evidenceLinks);
    });
  });
}

// The consumer's record of a case (GET /api/cases/:ref/record) and the case as the consumer sees it
// (GET /api/cases/:ref: complaint, finalStatement), through the real service (bot/service.ts's
// composition root in this process, so the test decides on the very database it serves, PGlite
// included) on PGlite and PostgreSQL (issue 18). The case is made by typing a report into the
// chat; an investigator decides it and gives a final statement as the desk does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config.ts';
import { t } from '../../bot/dialog/catalogue.ts';
import { createLogger } from '../../bot/log.ts';
import { startService, type RunningService } from '../../bot/service.ts';
import { addCaseNote, findCaseByRef, openCase, runCaseCommand } from '../../db/index.ts';
import type { Command } from '../../routing/index.ts';
import { createServerDatabase, DRIVERS } from '../support/databases.ts';
import { tableRowCounts } from '../support/fuzz-inputs.ts';
import { freePort } from '../support/process.ts';

const SECRET = 'case-record-test-session-secret-0123456789';
const INVESTIGATOR = { kind: 'agent', id: 'u-inv', tier: 'investigation' } as const;
const CS = { kind: 'agent', id: 'u-cs', tier: 'customer_service' } as const;
const CARD = '4111 1111 1111 1111';
const XSS = '<script>alert("own")</script><img src=x onerror=alert(1)>';

interface Reply {
  text: string;
  expects?: string;
  case?: { ref: string };
}

for (const kind of DRIVERS) {
  describe(`the consumer's record of a case [${kind}]`, () => {
    let service: RunningService;
    let base: string;
    let dataDir: string;
    let drop = async () => {};

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'ombud-record-'));
      const server = kind === 'postgres' ? await createServerDatabase() : undefined;
      if (server) drop = server.drop;
      const config = loadConfig({
        PORT: String(await freePort()),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        SESSION_SECRET: SECRET,
        PUBLIC_URL: 'https://chat.example',
        LOG_LEVEL: 'warn',
        ...(server ? { DATABASE_URL: server.url } : {}),
      });
      service = await startService(config, createLogger('warn'));
      base = `http://127.0.0.1:${service.port}`;
    }, 90_000);

    afterAll(async () => {
      await service?.stop();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    async function consumer(locale: string) {
      const headers = { 'content-type': 'application/json', 'accept-language': locale };
      const session = (await (
        await fetch(`${base}/api/chat/session`, { method: 'POST', headers, body: JSON.stringify({ locale }) })
      ).json()) as { user: string; token: string };
      const auth = { authorization: `Bearer ${session.token}` };
      return {
        user: session.user,
        auth,
        async say(text: string): Promise<Reply[]> {
          const response = await fetch(`${base}/api/messages`, {
            method: 'POST',
            headers: { ...headers, ...auth },
            body: JSON.stringify({ type: 'message', text, user: session.user }),
          });
          expect(response.status, await response.clone().text()).toBe(200);
          return (await response.json()) as Reply[];
        },
      };
    }

    /** A consumer who typed an XSS, then reported a purchase they did not make with their card number in it; the case's ref. */
    async function reported(locale = 'en-SE') {
      const c = await consumer(locale);
      await c.say(`Hello ${XSS}`);
      let replies = await c.say(
        `1299 kr from a shop I've never heard of was charged to my card ${CARD}, I didn't buy this`,
      );
      for (const answer of ['the shop is called TechNordic AB', 'no idea', 'Yes, send it']) {
        if (replies.some((reply) => reply.case)) break;
        replies = await c.say(answer);
      }
      const ref = replies.find((reply) => reply.case)?.case?.ref;
      expect(ref, JSON.stringify(replies)).toBeDefined();
      return { ...c, ref: ref! };
    }

    /** Row counts once the service's background loops (notices, ratings of earlier tests) are done. */
    async function quietCounts() {
      let previous = await tableRowCounts((sql) => service.db.query(sql));
      for (let round = 0; round < 50; round++) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        const counts = await tableRowCounts((sql) => service.db.query(sql));
        if (JSON.stringify(counts) === JSON.stringify(previous)) return counts;
        previous = counts;
      }
      return previous;
    }

    const run = async (ref: string, command: Command) => {
      const result = await runCaseCommand({ db: service.db, signal: service.signal }, ref, command, new Date());
      if (!result.ok) throw new Error(`${command.type}: ${result.error.code}`);
    };

    it('own case: the conversation and the decisions, masked and escaped, as an HTML attachment with a strict CSP; no internal note', async () => {
      const c = await reported();
      const stored = (await findCaseByRef(service.db, c.ref))!;
      await run(c.ref, { type: 'pick_up', actor: INVESTIGATOR });
      await addCaseNote(service.db, {
        caseId: stored.id,
        author: 'agent:u-inv',
        text: 'INTERNAL-NOTE-7731 check the shop',
        redactedText: 'INTERNAL-NOTE-7731 check the shop',
        at: new Date(),
      });
      await run(c.ref, {
        type: 'decide_investigation',
        actor: INVESTIGATOR,
        decision: 'consumer_favour',
        reasoning: 'INTERNAL-REASONING-5521',
      });
      await run(c.ref, {
        type: 'issue_final_statement',
        actor: INVESTIGATOR,
        text: 'The purchase was not yours (card 5555 5555 5555 4444); you pay nothing.',
      });

      const response = await fetch(`${base}/api/cases/${c.ref}/record`, { headers: c.auth });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${c.ref}.html"`);
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toMatch(/script-src|unsafe-inline/);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const html = await response.text();

      // Self-contained, no script of any kind.
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html).not.toMatch(/<(script|img|link|iframe|object|embed|base)\b/i);
      expect(html).not.toMatch(/<[a-z][^>]*\son\w+\s*=/i);
      expect(html).not.toMatch(/javascript:/i);
      // The conversation, escaped.
      expect(html).toContain(
        'Hello &lt;script&gt;alert(&quot;own&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;',
      );
      expect(html).toContain('TechNordic AB');
      expect(html).toContain(c.ref);
      // Card numbers masked, in the conversation and the final statement.
      expect(html).not.toContain(CARD);
      expect(html).not.toContain('4111');
      expect(html).not.toContain('5555 5555 5555 4444');
      expect(html).toContain(
        '1299 kr from a shop I&#39;ve never heard of was charged to my card [card], I didn&#39;t buy this',
      );
      // The decisions in English, the case's language: opened, passed on, closed with the outcome, the statement.
      expect(html).toContain(`<title>${t('en', 'record_title', { ref: c.ref })}</title>`);
      expect(html).toContain('Case opened: A purchase I don&#39;t recognise.');
      expect(html).toContain(`Case closed. ${t('en', 'outcome_chargeback').replace(/'/g, '&#39;')}`);
      expect(html).toContain('Final statement: “The purchase was not yours (card [card]); you pay nothing.”');
      // What next: the written request with the case filled in, and the outside body of the market (SEK: Sweden).
      expect(html).toContain(`<a href="https://chat.example/ombudsman?case=${c.ref}&amp;lang=en">`);
      expect(html).toContain('Allmänna reklamationsnämnden (ARN)');
      // Nothing internal.
      expect(html).not.toContain('INTERNAL-NOTE-7731');
      expect(html).not.toContain('INTERNAL-REASONING-5521');
      expect(html).not.toContain('u-inv');

      // ?format=pdf is not built: 406 with its code.
      const pdf = await fetch(`${base}/api/cases/${c.ref}/record?format=pdf`, { headers: c.auth });
      expect(pdf.status).toBe(406);
      expect((await pdf.json()).error.code).toBe('record_format_not_available');
    }, 60_000);

    it("another consumer's ref and a missing ref are the same 404, and the request writes nothing", async () => {
      const alice = await reported();
      const bob = await consumer('en-GB');
      const before = await quietCounts();
      const theirs = await fetch(`${base}/api/cases/${alice.ref}/record`, { headers: bob.auth });
      const missing = await fetch(`${base}/api/cases/OMB-00000000/record`, { headers: bob.auth });
      const lower = await fetch(`${base}/api/cases/${alice.ref.toLowerCase()}/record`, { headers: bob.auth });
      for (const response of [theirs, missing, lower]) {
        expect(response.status).toBe(404);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        expect((await response.json()).error.code).toBe('case_not_found');
      }
      const none = await fetch(`${base}/api/cases/${alice.ref}/record`);
      expect(none.status).toBe(401);
      expect(await tableRowCounts((sql) => service.db.query(sql))).toEqual(before);
    }, 60_000);

    it("the record is in the case's language: a German case's headings, decisions and outside body are German", async () => {
      const c = await consumer('de-DE');
      const opened = await openCase(
        { db: service.db, signal: service.signal },
        { type: 'open', actor: { kind: 'bot' }, consumerId: c.user, intent: 'invoice', language: 'de' },
        new Date(),
      );
      if (!opened.ok) throw new Error('could not open');
      const ref = opened.stored.case.ref;
      await run(ref, { type: 'pick_up', actor: CS });
      await run(ref, { type: 'resolve', actor: CS, outcome: 'answered' });
      const html = await (await fetch(`${base}/api/cases/${ref}/record`, { headers: c.auth })).text();
      expect(html).toContain('<html lang="de">');
      expect(html).toContain(t('de', 'record_title', { ref }));
      expect(html).toContain(t('de', 'record_history_heading'));
      expect(html).toContain(`${t('de', 'record_event_resolved', { outcome: t('de', 'outcome_answered') })}`);
      // No final statement yet: what to do instead.
      expect(html).toContain(t('de', 'record_final_none'));
      expect(html).not.toContain('Case closed');
    }, 60_000);

    it('GET /api/cases/:ref: complaint, and the final statement (masked) once an agent gives one', async () => {
      const c = await reported();
      const read = async () => (await (await fetch(`${base}/api/cases/${c.ref}`, { headers: c.auth })).json()).case;
      const before = await read();
      // An unrecognised purchase opens a dispute: a complaint by the business's definition.
      expect(before.complaint).toBe(true);
      expect(before.finalStatementAt).toBeNull();
      expect(before).not.toHaveProperty('finalStatement');

      await run(c.ref, { type: 'pick_up', actor: INVESTIGATOR });
      await run(c.ref, {
        type: 'issue_final_statement',
        actor: INVESTIGATOR,
        text: 'We keep the invoice paused. Your personal number 811218-9876 is on file.',
      });
      const after = await read();
      expect(after.finalStatement).toEqual({
        at: after.finalStatementAt,
        text: 'We keep the invoice paused. Your personal number [personal_id] is on file.',
      });
      expect(JSON.stringify(after)).not.toContain('811218-9876');

      // A question passed on to customer service is no complaint.
      const asker = await consumer('en-GB');
      const ref = (await asker.say('My invoice was charged twice')).find((reply) => reply.case)?.case?.ref;
      expect(ref).toBeDefined();
      expect((await (await fetch(`${base}/api/cases/${ref}`, { headers: asker.auth })).json()).case.complaint).toBe(
        false,
      );
    }, 60_000);
  });
}

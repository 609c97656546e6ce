// A whole conversation full of personal data, through the real service at its most talkative
// log level, on PGlite and PostgreSQL: the consumer's card number, personal identity number,
// IBAN, e-mail and phone number reach the database (the consumer's own history shows them), and
// not one of them appears in a single log line, on stdout or stderr.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServiceOnFreshDatabase, type ServiceProcess } from '../support/process.ts';

const PERSONAL = {
  card: '4111 1111 1111 1111',
  cardDigits: '4111111111111111',
  personnummer: '121212-1212',
  iban: 'SE45 5000 0000 0583 9825 7466',
  ibanCompact: 'SE4550000000058398257466',
  email: 'anna.svensson@example.se',
  phone: '070-123 45 67',
};

const CONVERSATION = [
  `Hej, det finns ett köp på min faktura som jag inte har gjort! Mitt kort ${PERSONAL.card} har också belastats`,
  `Mitt personnummer är ${PERSONAL.personnummer} och pengarna drogs från ${PERSONAL.iban}`,
  'Det var hos Elgiganten, 2 499 kr, den 3 november',
  `Ni når mig på ${PERSONAL.email} eller ${PERSONAL.phone}`,
  'confirm',
  'Jag vill prata med en människa',
  `{"type": "oops", "text": "${PERSONAL.card}"}`,
];

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`logs of a conversation full of personal data [${kind}]`, () => {
    let service: ServiceProcess;
    let base: string;
    let stop = async () => {};

    beforeAll(async () => {
      const started = await startServiceOnFreshDatabase(kind, { LOG_LEVEL: 'trace' });
      ({ service, base, stop } = started);
    }, 90_000);

    afterAll(() => stop());

    it('keeps every piece of it out of the logs, masked or absent', async () => {
      const session = await (await fetch(`${base}/api/chat/session`, { method: 'POST' })).json();
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${session.token}` };
      for (const text of CONVERSATION) {
        const response = await fetch(`${base}/api/messages`, { method: 'POST', headers, body: JSON.stringify({ type: 'message', text, user: session.user }) });
        expect(response.status).toBe(200);
      }
      // Bad input carrying personal data is refused, and its refusal is logged without it.
      const refused = await fetch(`${base}/api/messages`, { method: 'POST', headers, body: JSON.stringify({ type: 'message', text: `${PERSONAL.card} `.repeat(200), user: session.user }) });
      expect(refused.status).toBe(400);
      const wrongUser = await fetch(`${base}/api/messages?email=${encodeURIComponent(PERSONAL.email)}`, { method: 'POST', headers, body: JSON.stringify({ type: 'message', text: PERSONAL.iban, user: 'someone-else' }) });
      expect(wrongUser.status).toBe(403);

      // The database keeps the originals: the consumer's own history shows what they wrote.
      const history = await (await fetch(`${base}/api/chat/history`, { headers })).json();
      const written = history.messages.filter((m: { direction: string }) => m.direction === 'in').map((m: { text: string }) => m.text).join('\n');
      expect(written).toContain(PERSONAL.card);
      expect(written).toContain(PERSONAL.email);

      await new Promise((resolve) => setTimeout(resolve, 300));
      const logs = [...service.stdout, ...service.stderr].join('\n');
      expect(service.stdout.length).toBeGreaterThan(CONVERSATION.length);
      for (const [what, value] of Object.entries(PERSONAL)) {
        expect(logs.includes(value), `${what} in the logs`).toBe(false);
      }
      expect(logs).not.toContain(session.token);
    });
  });
}

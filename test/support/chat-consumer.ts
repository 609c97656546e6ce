// A consumer typing into the real service through the app API (no button payloads): opens a
// session in a locale, says things and gets the bot's replies, and reads their cases back as the
// consumer sees them. Shared by the dialog tests that drive whole conversations.
import { expect } from 'vitest';

export interface Reply {
  text: string;
  expects?: string;
  case?: { ref: string; tier: string; status: string; intent: string };
}

export interface ChatConsumer {
  /** Types one message; fails the test unless the service answers 200. */
  say(text: string): Promise<Reply[]>;
  /** The latest case a reply showed, as `GET /api/cases/:ref` gives it (or the case named). */
  theCase(ref?: string): Promise<Record<string, unknown> & { ref: string; tier: string }>;
  /** How many distinct cases the conversation's history shows. */
  cases(): Promise<number>;
}

export async function chatConsumer(base: string, locale: string): Promise<ChatConsumer> {
  const headers = { 'content-type': 'application/json', 'accept-language': locale };
  const session = await (
    await fetch(`${base}/api/chat/session`, { method: 'POST', headers, body: JSON.stringify({ locale }) })
  ).json();
  const auth = { ...headers, authorization: `Bearer ${session.token}` };
  let opened: string | undefined;
  return {
    async say(text) {
      const response = await fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ type: 'message', text, user: session.user }),
      });
      expect(response.status, await response.clone().text()).toBe(200);
      const replies = (await response.json()) as Reply[];
      opened = replies.find((reply) => reply.case)?.case?.ref ?? opened;
      return replies;
    },
    async theCase(ref) {
      const wanted = ref ?? opened;
      expect(wanted, 'a case was opened').toBeDefined();
      return (await (await fetch(`${base}/api/cases/${wanted}`, { headers: auth })).json()).case;
    },
    async cases() {
      const history = await (await fetch(`${base}/api/chat/history`, { headers: auth })).json();
      return new Set(
        history.messages
          .filter((m: { case?: { ref: string } }) => m.case)
          .map((m: { case: { ref: string } }) => m.case.ref),
      ).size;
    },
  };
}

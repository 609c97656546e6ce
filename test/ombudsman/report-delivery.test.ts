// `npm run report -- monthly --deliver` (issue 18): each product team's page goes to its Slack
// channel (Web API recorded by nock) and/or its e-mail address (a real SMTP sink), as the team
// reads it: the trend in words, comments and lessons as masked in the report, Slack's markup
// characters as text. A team with no destination is said to have none; a Slack refusal is
// reported for that team and the others still go.
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpMailer } from '../../bot/ombudsman/mailer.ts';
import { deliverTeamPages } from '../../bot/reports/delivery.ts';
import type { MonthlyReport, TeamPage } from '../../db/index.ts';
import { recordSlackApi, SLACK_API } from '../slack/support.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';

const slack = recordSlackApi((call) =>
  call.body.channel === 'C0GONE'
    ? { ok: false, error: 'channel_not_found' }
    : { channel: call.body.channel, ts: '1764500000.000001' },
);

const none = { dispute: 0, consumer_escalation: 0, low_rating: 0, ombudsman_request: 0, registered: 0 };
const page = (team: string, name: string, extra: Partial<TeamPage> = {}): TeamPage => ({
  team,
  name,
  complaints: 0,
  complaintsBy: none,
  previousComplaints: 0,
  opinions: [],
  lessons: [],
  ...extra,
});

const REPORT = {
  month: '2026-03',
  period: 'month',
  teams: [
    page('invoicing', 'Invoicing and payments', {
      complaints: 3,
      previousComplaints: 1,
      opinions: [{ caseRef: 'OMB-AAAA1111', rating: 2, comment: 'The fee <b>&</b> the reminder came [card] twice' }],
    }),
    page('access', 'Login and the app'),
    page('buyer_protection', 'Buyer protection', {
      complaints: 2,
      previousComplaints: 2,
      lessons: [{ caseRef: 'OMB-BBBB2222', decision: 'overturned', note: 'Ask for the tracking number first.' }],
    }),
    page('service', 'Customer service'),
  ],
} as unknown as MonthlyReport;

let sink: Awaited<ReturnType<typeof startSmtpSink>>;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink.close());

describe("the teams' pages delivered", () => {
  it('goes to each team by Slack and/or e-mail, says where none is set, and a refusal spares the others', async () => {
    const mailer = smtpMailer({ url: sink.url, from: 'Ombud <no-reply@localhost>' });
    const results = await deliverTeamPages(REPORT, {
      teamChannels: { invoicing: 'C0INVOICE', buyer_protection: 'C0GONE' },
      teamEmails: { invoicing: 'invoicing@example.com', service: 'service@example.com' },
      slack: new WebClient('xoxb-delivery-test', { slackApiUrl: `${SLACK_API}/api/`, retryConfig: { retries: 0 } }),
      mailer,
    });
    mailer.close();
    expect(results).toEqual([
      { team: 'invoicing', via: 'slack', ok: true },
      { team: 'invoicing', via: 'email', ok: true },
      { team: 'access', via: 'none', ok: false, note: 'no TEAM_CHANNELS or TEAM_EMAILS entry for this team' },
      { team: 'buyer_protection', via: 'slack', ok: false, note: expect.stringContaining('channel_not_found') },
      { team: 'service', via: 'email', ok: true },
    ]);
    const posted = slack.calls.find((call) => call.body.channel === 'C0INVOICE')!;
    expect(posted.body.text).toContain('*Invoicing and payments: monthly report 2026-03*');
    expect(posted.body.text).toContain('3 complaints, up 2 from 1 the month before.');
    expect(posted.body.text).toContain(
      '- 2 of 5 (OMB-AAAA1111): The fee &lt;b&gt;&amp;&lt;/b&gt; the reminder came [card] twice',
    );
    expect(sink.mails.map((mail) => [mail.to, mail.subject])).toEqual([
      [['invoicing@example.com'], 'Invoicing and payments: monthly report 2026-03'],
      [['service@example.com'], 'Customer service: monthly report 2026-03'],
    ]);
    expect(sink.mails[1]!.body).toContain('0 complaints, the same as the month before.');
    expect(sink.mails[1]!.body).toContain('- none in the month');
  });
});

// `npm run report -- monthly --deliver` (issue 18): each product team's page of the report goes to
// the team, in Slack (TEAM_CHANNELS, the desk's bot token) and/or by e-mail (TEAM_EMAILS, over
// SMTP_URL). The page is the report's own: complaints and their trend in words, what consumers
// wrote and the ombudsman's lessons, masked when the report was made. A team with no destination
// is listed as not delivered; one that fails is reported with the error and the others still go.
import { safeText } from '../slack/cards.ts';
import { WebClient } from '@slack/web-api';
import type { Config } from '../config.ts';
import { smtpMailer } from '../ombudsman/mailer.ts';
import type { MonthlyReport, TeamPage } from '../../db/index.ts';
import { trend } from './report-html.ts';
import type { Mailer } from '../ombudsman/mailer.ts';

export interface DeliveryTargets {
  teamChannels: Readonly<Record<string, string>>;
  teamEmails: Readonly<Record<string, string>>;
  slack?: WebClient;
  mailer?: Mailer;
}

export interface TeamDelivery {
  team: string;
  via: 'slack' | 'email' | 'none';
  ok: boolean;
  /** Why it did not go (no destination, no Slack or SMTP configured, the error). */
  note?: string;
}

const MAX_LINES = 15;
const MAX_SLACK_TEXT = 3_500;

/** The team's page as plain lines (the e-mail's body; Slack's text once escaped). */
export function teamPageLines(report: MonthlyReport, team: TeamPage): string[] {
  const what = report.period === 'year' ? 'Yearly' : 'Monthly';
  const more = (count: number) => (count > MAX_LINES ? [`… and ${count - MAX_LINES} more in the report`] : []);
  return [
    `${team.name}: ${what.toLowerCase()} report ${report.month}`,
    '',
    `${team.complaints} complaint${team.complaints === 1 ? '' : 's'}, ${trend(team.complaints, team.previousComplaints, report.period)}.`,
    '',
    'What consumers wrote:',
    ...(team.opinions.length
      ? team.opinions.slice(0, MAX_LINES).map((o) => `- ${o.rating} of 5 (${o.caseRef}): ${o.comment}`)
      : [`- no comments with a rating in the ${report.period}`]),
    ...more(team.opinions.length),
    '',
    'Lessons from the ombudsman:',
    ...(team.lessons.length
      ? team.lessons
          .slice(0, MAX_LINES)
          .map(
            (l) =>
              `- ${l.caseRef}, the ombudsman ${l.decision === 'overturned' ? 'overturned' : 'upheld'} the decision: ${l.note}`,
          )
      : [`- none in the ${report.period}`]),
    ...more(team.lessons.length),
  ];
}

export async function deliverTeamPages(report: MonthlyReport, targets: DeliveryTargets): Promise<TeamDelivery[]> {
  const results: TeamDelivery[] = [];
  for (const team of report.teams) {
    const channel = targets.teamChannels[team.team];
    const address = targets.teamEmails[team.team];
    if (!channel && !address) {
      results.push({
        team: team.team,
        via: 'none',
        ok: false,
        note: 'no TEAM_CHANNELS or TEAM_EMAILS entry for this team',
      });
      continue;
    }
    const lines = teamPageLines(report, team);
    if (channel) {
      if (!targets.slack)
        results.push({ team: team.team, via: 'slack', ok: false, note: 'Slack is not configured (SLACK_BOT_TOKEN)' });
      else {
        const [title, ...rest] = lines;
        let text = `*${safeText(title!)}*\n${safeText(rest.join('\n'))}`;
        if (text.length > MAX_SLACK_TEXT) text = `${text.slice(0, MAX_SLACK_TEXT - 1)}…`;
        try {
          await targets.slack.chat.postMessage({ channel, text, unfurl_links: false });
          results.push({ team: team.team, via: 'slack', ok: true });
        } catch (error) {
          results.push({ team: team.team, via: 'slack', ok: false, note: (error as Error).message.slice(0, 200) });
        }
      }
    }
    if (address) {
      if (!targets.mailer)
        results.push({ team: team.team, via: 'email', ok: false, note: 'e-mail is not configured (SMTP_URL)' });
      else {
        try {
          await targets.mailer.send({ to: address, subject: lines[0]!, text: `${lines.slice(2).join('\n')}\n` });
          results.push({ team: team.team, via: 'email', ok: true });
        } catch (error) {
          results.push({
            team: team.team,
            via: 'email',
            ok: false,
            note: (error as Error).message.replaceAll(address, '<address>').slice(0, 200),
          });
        }
      }
    }
  }
  return results;
}

/** The destinations and clients the configuration gives: TEAM_CHANNELS with the desk's bot token, TEAM_EMAILS with SMTP_URL. */
export function deliveryTargets(config: Config): DeliveryTargets & { close(): void } {
  const mailer = config.SMTP_URL ? smtpMailer({ url: config.SMTP_URL, from: config.SMTP_FROM }) : undefined;
  return {
    teamChannels: config.TEAM_CHANNELS ?? {},
    teamEmails: config.TEAM_EMAILS ?? {},
    ...(config.SLACK_BOT_TOKEN
      ? {
          slack: new WebClient(config.SLACK_BOT_TOKEN, {
            ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
            retryConfig: { retries: 2 },
          }),
        }
      : {}),
    ...(mailer ? { mailer } : {}),
    close: () => mailer?.close(),
  };
}

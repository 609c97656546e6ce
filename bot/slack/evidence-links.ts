// The card's "Open files" button (docs/evidence.md): the clicking agent gets, as a message only
// they see, a link to each of the case's files, signed then and working for 15 minutes
// (bot/evidence/links.ts). A link on the card itself would outlive its time; the button never does.
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { findCaseByRef, type Db } from '../../db/index.ts';
import { caseEvidence } from '../../db/evidence.ts';
import type { Tier } from '../../routing/index.ts';
import type { Logger } from '../log.ts';
import { clicked, tell } from './actions.ts';
import { CARD_ACTIONS, evidenceWords, safeText } from './cards.ts';

export interface EvidenceLinkOptions {
  db: Db;
  channelTiers: Readonly<Record<string, Tier>>;
  /** The absolute address of a signed link to file `id`, valid from `now` (15 minutes at most). */
  evidenceLink?: (id: string, now: Date) => string;
  now?: () => Date;
  log?: Logger;
}

export function registerEvidenceLinks(app: App, options: EvidenceLinkOptions): void {
  app.action<BlockAction<ButtonAction>>(CARD_ACTIONS.evidenceLinks, async ({ ack, body, action, client }) => {
    await ack();
    const at = clicked(body, action);
    if (!at) return;
    try {
      if (!options.channelTiers[at.channel]) {
        await tell(client, at, "This channel is not a tier's channel; cases are worked in their tier's channel.");
        return;
      }
      const stored = await findCaseByRef(options.db, at.ref);
      const files = stored ? await caseEvidence(options.db, stored.id) : [];
      if (!stored || files.length === 0) {
        await tell(client, at, `Case ${safeText(at.ref)} has no files.`);
        return;
      }
      const link = options.evidenceLink;
      if (!link) {
        await tell(client, at, 'Links to files are not configured on this desk.');
        return;
      }
      const now = (options.now ?? (() => new Date()))();
      // Our own address and a signed path of base64url and digits: nothing in it breaks out of the link.
      const lines = files.map((file) => {
        const words = safeText(
          evidenceWords({ id: file.id, from: file.uploadedBy, type: file.mediaType, bytes: file.bytes }),
        );
        return `• <${link(file.id, now)}|${words}>`;
      });
      await tell(
        client,
        at,
        `Files of case ${safeText(stored.case.ref)} (each link works for 15 minutes; downloads, never opened in the browser):\n${lines.join('\n')}`,
      );
    } catch (error) {
      options.log?.error({ err: error, ref: at.ref }, 'slack evidence links failed');
      await tell(
        client,
        at,
        `The files of case ${safeText(at.ref)} could not be listed just now; please try again.`,
      ).catch(() => {});
    }
  });
}

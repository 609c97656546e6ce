// A case card as an agent sees it in Slack: masked personal data, the case's facts, and only
// the buttons routing would accept from an agent of the channel's tier.
import { describe, expect, it } from 'vitest';
import {
  availableActions,
  CARD_ACTIONS,
  investigationOrder,
  renderCard,
  type CardInput,
} from '../../bot/slack/cards.ts';
import { ESCALATIONS, TIERS, type Case, type Tier } from '../../routing/index.ts';
import { fixtures } from '../routing/fixtures.ts';
import { MINUTE, Story } from '../routing/support.ts';

function input(c: Case, now: Date, extra: Partial<CardInput> = {}): CardInput {
  return { case: c, confidence: 0.87, summary: null, transcript: [], entities: {}, channelTier: c.tier, now, ...extra };
}

function buttonsOf(card: ReturnType<typeof renderCard>): string[] {
  return card.blocks.flatMap((block) =>
    block.type === 'actions' ? block.elements.map((e) => ('action_id' in e ? String(e.action_id) : '')) : [],
  );
}

const allText = (card: ReturnType<typeof renderCard>) => JSON.stringify(card);

describe('a case card', () => {
  it('masks card and personal numbers wherever they appear', () => {
    const story = Story.open('invoice');
    const card = renderCard(
      input(story.c, story.now, {
        summary: 'Consumer paid with card 4111 1111 1111 1111 and gave personnummer 121212-1212.',
        transcript: [
          { from: 'consumer', text: 'my card is 5555555555554444' },
          { from: 'bot', text: 'Thanks, I have noted it.' },
          { from: 'consumer', text: 'and I am 19121212-1212, mail me at anna@example.com' },
        ],
        entities: { order_number: '12345678', email: 'anna@example.com' },
      }),
    );
    const text = allText(card);
    for (const secret of ['4111 1111 1111 1111', '5555555555554444', '121212-1212', 'anna@example.com'])
      expect(text).not.toContain(secret);
    expect(text).toContain('[card]');
    expect(text).toContain('[personal_id]');
    expect(text).toContain('[email]');
    // What is not personal data stays readable.
    expect(text).toContain('12345678');
    expect(text).toContain('Thanks, I have noted it.');
  });

  it('shows the case facts: reference, intent, confidence, language, priority, wait, tier, status', () => {
    const story = Story.open('invoice');
    story.wait(20 * MINUTE);
    const card = renderCard(input(story.c, story.now));
    const text = allText(card);
    expect(text).toContain(story.c.ref);
    expect(text).toContain('invoice');
    expect(text).toContain('87 %');
    expect(text).toContain('sv');
    expect(text).toContain('normal');
    expect(text).toContain('20 min');
    expect(text).toContain('Customer service');
    expect(text).toContain('queued');
    expect(text).toContain('nobody');
    // CS's first-response target is 15 minutes: 20 minutes in, it is breached.
    expect(text).toContain('first response :rotating_light: breached');
    expect(card.text).toContain(story.c.ref);
  });

  it('says a case is near breach before it is breached', () => {
    const story = Story.open('invoice');
    story.wait(13 * MINUTE);
    expect(allText(renderCard(input(story.c, story.now)))).toContain('first response :warning: near breach');
  });

  it('shows the holder as a Slack mention once picked up', () => {
    const story = Story.open('invoice');
    story.pickUp('U123ABC');
    const text = allText(renderCard(input(story.c, story.now)));
    expect(text).toContain('<@U123ABC>');
    expect(text).toContain('assigned');
  });

  it('escapes mrkdwn so consumer text cannot ping the channel or forge a link', () => {
    const story = Story.open('invoice');
    const text = allText(
      renderCard(
        input(story.c, story.now, {
          transcript: [{ from: 'consumer', text: '<!channel> see <https://evil.example|bank>' }],
        }),
      ),
    );
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).not.toContain('<https://evil');
  });
});

describe('the buttons of a card', () => {
  it('a queued case offers only Pick up in its own tier, nothing in another tier', () => {
    const story = Story.open('invoice');
    expect(buttonsOf(renderCard(input(story.c, story.now)))).toEqual([CARD_ACTIONS.pickUp]);
    expect(buttonsOf(renderCard(input(story.c, story.now, { channelTier: 'investigation' })))).toEqual([]);
  });

  it('a held customer-service case offers the work buttons, not Pick up nor investigation ones', () => {
    const story = Story.open('invoice');
    story.pickUp('U1');
    expect(buttonsOf(renderCard(input(story.c, story.now)))).toEqual([
      CARD_ACTIONS.release,
      CARD_ACTIONS.reply,
      CARD_ACTIONS.askForInfo,
      CARD_ACTIONS.escalateInvestigation,
      CARD_ACTIONS.escalateSpecialist,
      CARD_ACTIONS.finalStatement,
      CARD_ACTIONS.resolve,
    ]);
  });

  it("an investigation case adds Merchant settled, Merchant responded and, once the consumer's account is in, Decide", () => {
    const held = fixtures().find((f) => f.name === 'assigned silent-merchant dispute')!;
    const before = availableActions(held.c, 'investigation', held.now);
    expect(before).toEqual(
      expect.arrayContaining([CARD_ACTIONS.askForInfo, CARD_ACTIONS.merchantSettled, CARD_ACTIONS.merchantResponded]),
    );
    expect(before).not.toContain(CARD_ACTIONS.decide);
    expect(investigationOrder(held.c)).toContain("Consumer's account: not asked yet");
    const s = new Story(held.c, held.now);
    s.hearConsumer();
    const buttons = availableActions(s.c, 'investigation', s.now);
    expect(buttons).toEqual(
      expect.arrayContaining([CARD_ACTIONS.merchantSettled, CARD_ACTIONS.merchantResponded, CARD_ACTIONS.decide]),
    );
    expect(investigationOrder(s.c)).toContain(`Consumer's account: given ${s.now.toISOString().slice(0, 10)}`);
    // Investigation escalates only to the specialist team.
    expect(buttons).not.toContain(CARD_ACTIONS.escalateInvestigation);
  });

  it('an investigation case decides only once the case is held, and not on a case without a dispute', () => {
    const queued = fixtures().find(
      (f) => f.c.tier === 'investigation' && f.c.status === 'queued' && f.c.dispute !== null,
    );
    if (queued) expect(availableActions(queued.c, 'investigation', queued.now)).not.toContain(CARD_ACTIONS.decide);
    const story = Story.open('invoice');
    story.pickUp('U1');
    expect(buttonsOf(renderCard(input(story.c, story.now)))).not.toContain(CARD_ACTIONS.decide);
  });

  it("the ombudsman's card offers Pick up, then the ombudsman's Decide to the holder; never a final statement or an escalation", () => {
    const story = Story.open('invoice');
    story.pickUp('U1');
    story.do({
      type: 'issue_final_statement',
      actor: { kind: 'agent', id: 'U1', tier: 'customer_service' },
      text: 'The invoice stands as issued.',
    });
    story.do({ type: 'resolve', actor: { kind: 'agent', id: 'U1', tier: 'customer_service' }, outcome: 'answered' });
    story.do({
      type: 'request_ombudsman',
      actor: { kind: 'consumer', id: story.c.consumerId },
      statement: 'I was charged wrongly.',
      desiredOutcome: 'My money back.',
    });
    expect(story.c.tier).toBe('ombudsman');
    expect(buttonsOf(renderCard(input(story.c, story.now)))).toEqual([CARD_ACTIONS.pickUp]);
    story.do({ type: 'pick_up', actor: { kind: 'agent', id: 'U0OMB', tier: 'ombudsman' } });
    const buttons = buttonsOf(renderCard(input(story.c, story.now)));
    expect(buttons).toContain(CARD_ACTIONS.ombudsmanDecide);
    expect(buttons).not.toContain(CARD_ACTIONS.decide);
    expect(buttons).not.toContain(CARD_ACTIONS.finalStatement);
    expect(buttons.filter((b) => b.startsWith('case_escalate_'))).toEqual([]);
  });

  it('shows how many notes the case has and the latest, masked; none when there are none', () => {
    const story = Story.open('invoice');
    expect(allText(renderCard(input(story.c, story.now)))).not.toContain('internal note');
    const text = allText(
      renderCard(input(story.c, story.now, { notes: { count: 2, latest: 'called back, card 4111 1111 1111 1111' } })),
    );
    expect(text).toContain('2 internal notes');
    expect(text).toContain('called back');
    expect(text).not.toContain('4111 1111 1111 1111');
  });

  it('a resolved case offers only a (new) final statement', () => {
    const story = Story.open('invoice');
    story.pickUp('U1');
    story.do({ type: 'resolve', actor: { kind: 'agent', id: 'U1', tier: 'customer_service' }, outcome: 'answered' });
    expect(buttonsOf(renderCard(input(story.c, story.now)))).toEqual([CARD_ACTIONS.finalStatement]);
  });

  it('never offers an escalation to the ombudsman, and buttons only in the case tier, in any state', () => {
    for (const f of fixtures()) {
      for (const tier of TIERS) {
        const buttons = buttonsOf(renderCard(input(f.c, f.now, { channelTier: tier })));
        expect(buttons.filter((b) => b.startsWith('case_escalate_')).join(' ')).not.toMatch(/ombudsman/);
        // Only the ombudsman's own channel offers the ombudsman's Decide.
        if (tier !== 'ombudsman') expect(buttons).not.toContain(CARD_ACTIONS.ombudsmanDecide);
        if (tier !== f.c.tier) expect(buttons, `${f.name} in ${tier}`).toEqual([]);
        const targets: Tier[] = buttons
          .filter((b) => b.startsWith('case_escalate_'))
          .map((b) => b.replace('case_escalate_', '') as Tier);
        for (const target of targets) expect(ESCALATIONS[f.c.tier]).toContain(target);
      }
    }
  });
});

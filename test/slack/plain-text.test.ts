// An agent's Slack text as the consumer reads it: links with their real address, mentions as
// names or left out, entities decoded once, emphasis and code markers gone, and everything else
// (snake_case, arithmetic, Nordic letters, text typed with angle brackets) as written.
import { describe, expect, it } from 'vitest';
import { mentionedUsers, slackToPlainText } from '../../bot/slack/plain-text.ts';

const NAMES: Record<string, string> = { U0ANNA: 'Anna Berg', U0BERT: 'Bert' };
const names = { user: (id: string) => NAMES[id] };

describe('slackToPlainText', () => {
  it.each([
    // links
    [
      'a labelled link shows label and address',
      'See <https://evil.example/x|our page> for more',
      'See our page (https://evil.example/x) for more',
    ],
    ['a bare link is its address', 'Go to <https://shop.example/help>.', 'Go to https://shop.example/help.'],
    [
      'a link labelled with its own address is the address once',
      '<https://shop.example/a|https://shop.example/a>',
      'https://shop.example/a',
    ],
    [
      'a link Slack made from a typed domain is the address',
      'See <http://example.com|example.com>',
      'See http://example.com',
    ],
    [
      'a link label that names another address shows both',
      '<https://evil.example/x|https://bank.example/login>',
      'https://bank.example/login (https://evil.example/x)',
    ],
    [
      'entities in a link are decoded',
      '<https://shop.example/?a=1&amp;b=2|A &amp; B>',
      'A & B (https://shop.example/?a=1&b=2)',
    ],
    [
      'mailto shows the address',
      'Write to <mailto:help@ombud.example|help@ombud.example>',
      'Write to help@ombud.example',
    ],
    [
      'mailto with a label shows both',
      '<mailto:help@ombud.example|our help desk>',
      'our help desk (help@ombud.example)',
    ],
    ['another scheme is never a link: its label', 'Click <javascript:alert(1)|here> now', 'Click here now'],
    ['another scheme without a label is text', 'Open <slack://channel?id=C1>', 'Open slack://channel?id=C1'],
    // mentions
    ['a known user is their name', 'My colleague <@U0ANNA> will call you.', 'My colleague Anna Berg will call you.'],
    ['an unknown user is left out with one space', 'Ask <@U0NOBODY> tomorrow', 'Ask tomorrow'],
    ["an unknown user with Slack's old label is the label", 'Ask <@U0NOBODY|carl>', 'Ask carl'],
    ['a channel is #name', 'We asked in <#C0INV|investigation>.', 'We asked in #investigation.'],
    ['a channel without a name is left out', 'We asked <#C0INV> today', 'We asked today'],
    [
      '@here, @channel and @everyone are left out',
      '<!here> Hello <!channel> and <!everyone|everyone>, welcome',
      'Hello and, welcome',
    ],
    ['a mention before punctuation takes the space before it', 'Thanks <!here>, we are on it', 'Thanks, we are on it'],
    ['a user group is left out', 'Sent to <!subteam^S0TEAM|@disputes> already', 'Sent to already'],
    ['a date shows its fallback', 'Due <!date^1767225600^{date_short}|1 Jan 2026>.', 'Due 1 Jan 2026.'],
    // entities
    ['entities are decoded', '&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;', '<b>Tom & Jerry</b>'],
    ['entities are decoded once', 'type &amp;lt; to get &lt;', 'type &lt; to get <'],
    [
      'angle brackets typed into a modal stay as typed',
      '<b>not bold</b> and 1 < 2 > 0',
      '<b>not bold</b> and 1 < 2 > 0',
    ],
    // emphasis and code
    [
      'bold, italic and strike markers go',
      '*Important:* your _invoice_ is ~paid~ paused',
      'Important: your invoice is paid paused',
    ],
    [
      'emphasis spanning a link',
      '*read <https://shop.example|this page> first*',
      'read this page (https://shop.example) first',
    ],
    ['nested emphasis', '*bold _and italic_*', 'bold and italic'],
    ['inline code loses its backticks, keeps its stars', 'Enter `*123#` on the keypad', 'Enter *123# on the keypad'],
    ['a code block loses its fences', 'Reference:\n```\nOMB-7K3F9QX2\n```', 'Reference:\nOMB-7K3F9QX2'],
    ['code keeps entities decoded once and underscores', '`a_b &amp;&amp; c_d`', 'a_b && c_d'],
    [
      'a URL with underscores keeps them',
      '<https://shop.example/_a_/b_c_|link>',
      'link (https://shop.example/_a_/b_c_)',
    ],
    // left as written
    [
      'snake_case and arithmetic stay',
      'file_name_here costs 2*3*4 = 24 and 5 * 2',
      'file_name_here costs 2*3*4 = 24 and 5 * 2',
    ],
    ['a lone marker stays', 'about ~50 kr, 10 % off_', 'about ~50 kr, 10 % off_'],
    [
      'Nordic text stays',
      'Hej! Fakturan är pausad – vi återkommer. Æ ø å ä ö',
      'Hej! Fakturan är pausad – vi återkommer. Æ ø å ä ö',
    ],
    ['emphasis in Nordic words', 'Det är *viktigt* att _du_ svarar', 'Det är viktigt att du svarar'],
    ['line breaks stay', 'Line one\n\nLine two', 'Line one\n\nLine two'],
  ])('%s', (_, slack, consumer) => {
    expect(slackToPlainText(slack, names)).toBe(consumer);
  });

  it('lists the users to look up, each once', () => {
    expect(mentionedUsers('<@U0ANNA> and <@U0BERT|bert> and <@U0ANNA> in <#C1|x> <!here>')).toEqual([
      'U0ANNA',
      'U0BERT',
    ]);
  });

  it('a display name is inserted as it is, never read as markup', () => {
    expect(slackToPlainText('Hi from <@U1>', { user: () => '*Ann* &amp; <b>' })).toBe('Hi from *Ann* &amp; <b>');
  });

  it('takes a bounded time on adversarial text of the longest reply', () => {
    const inputs = [
      '*a '.repeat(1_400),
      '_'.repeat(4_000),
      '<'.repeat(2_000) + '>'.repeat(2_000),
      '<https://x.example|'.repeat(200),
      '`'.repeat(4_000),
      '```'.repeat(1_300) + 'a',
      '&amp;'.repeat(800),
      '*' + 'a '.repeat(2_000),
      '~x'.repeat(2_000),
    ];
    for (const input of inputs) {
      const started = performance.now();
      slackToPlainText(input, names);
      expect(performance.now() - started, JSON.stringify(input.slice(0, 20))).toBeLessThan(20);
    }
  });
});

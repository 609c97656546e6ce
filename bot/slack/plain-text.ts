// What an agent writes in Slack is mrkdwn: Slack sends `&`, `<` and `>` as entities, links as
// `<url|label>`, mentions as `<@U…>`, `<#C…|name>` and `<!here>`, and keeps `*bold*`, `_italic_`,
// `~strike~` and backticks as typed. The consumer's chat shows text, never markup, so what an
// agent sends a consumer is turned into the plain text Slack would have shown them:
//
// - a link as "label (url)", or the URL alone when the label is the URL (the chat makes http and
//   https addresses clickable, so the real address is what is linked); mailto as the address;
//   another scheme (javascript:, file:, slack:) is never a link: its label, or its text;
// - a user mention as the person's name when the desk knows it, else left out: any word put in
//   its place would have to be in the consumer's language and fit its grammar, and a name is
//   unknown only when Slack could not tell us;
// - a channel mention as "#name"; @here, @channel and @everyone left out (they alert the desk);
// - emphasis markers and code backticks removed, the text inside kept as it is;
// - the three entities decoded, once (so `&amp;lt;` stays the `&lt;` the agent typed).
//
// Pure: the names come in as a lookup. Every pattern is linear (each stops at a character it
// cannot cross: a backtick, an angle bracket, its own marker or a line end).

export interface MentionNames {
  /** A Slack user's display name, or undefined when unknown. */
  user(id: string): string | undefined;
}

/** Code blocks, inline code, and Slack's angle-bracket tokens with a space either side, in the order they appear. */
const SEGMENT = /```([^`]*)```|`([^`\n]+)`|( ?)<([^<>\n]*)>( ?)/g;
const TOKEN = /<([^<>\n]*)>/g;
/** Where a segment stood while the text around it loses its emphasis (a private-use character, removed from the input first). */
const PLACE = '\uE000';
const PLACES = /\uE000/g;
const ENTITY = /&(amp|lt|gt);/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>' };
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const LINKABLE = new Set(['http', 'https', 'mailto']);
/**
 * One pattern per marker: opened after a line start, a space or punctuation and before a
 * non-space; closed after a non-space and before the end, a space or punctuation. So snake_case,
 * 2*3*4 and a lone ~ stay as they are.
 */
const EMPHASIS = ['\\*', '_', '~'].map(
  (m) =>
    new RegExp(`(^|[^\\p{L}\\p{N}${m}])${m}([^\\s${m}](?:[^\\n${m}]*[^\\s${m}])?)${m}(?![\\p{L}\\p{N}${m}])`, 'gmu'),
);

/** The users mentioned in `text` (`<@U123>`), each once, to look their names up first. */
export function mentionedUsers(text: string): string[] {
  const ids = new Set<string>();
  for (const match of text.matchAll(TOKEN)) {
    const token = match[1]!;
    if (token.startsWith('@')) ids.add(token.slice(1).split('|')[0]!);
  }
  return [...ids];
}

/** An agent's Slack text as the plain text the consumer reads. */
export function slackToPlainText(text: string, names: MentionNames): string {
  // Code and tokens are set aside, so that emphasis is taken off the text around them (even
  // when it spans a link) and never off a URL or code; each is decoded once, as is the rest.
  const segments: string[] = [];
  let rest = text
    .replace(PLACES, '')
    .replace(SEGMENT, (whole, block?: string, inline?: string, lead?: string, token?: string, trail?: string) => {
      segments.push(
        segmentText(
          whole,
          block,
          inline,
          token === undefined ? undefined : { token, lead: lead!, trail: trail! },
          names,
        ),
      );
      return PLACE;
    });
  for (const pattern of EMPHASIS) rest = rest.replace(pattern, '$1$2');
  let next = 0;
  return decode(rest)
    .replace(PLACES, () => segments[next++]!)
    .trim();
}

function segmentText(
  whole: string,
  block: string | undefined,
  inline: string | undefined,
  found: { token: string; lead: string; trail: string } | undefined,
  names: MentionNames,
): string {
  if (block !== undefined) return decode(block.replace(/^\n/, '').replace(/\n$/, ''));
  if (inline !== undefined) return decode(inline);
  const { token, lead, trail } = found!;
  const shown = tokenText(token, names);
  if (shown === undefined) return decode(whole);
  if (shown !== '') return lead + shown + trail;
  // A token left out takes a space with it: "<!here> Hello" is "Hello", "Hi <!here>, all" is "Hi, all".
  return lead && trail ? ' ' : '';
}

function decode(text: string): string {
  return text.replace(ENTITY, (_, name: string) => ENTITIES[name]!);
}

/**
 * What a `<…>` token shows; undefined when it is no Slack token (text typed into a modal, such
 * as `<b>`, which Slack does not escape): it is then shown as typed.
 */
function tokenText(token: string, names: MentionNames): string | undefined {
  const bar = token.indexOf('|');
  const target = bar === -1 ? token : token.slice(0, bar);
  const label = bar === -1 ? '' : decode(token.slice(bar + 1)).trim();
  switch (target[0]) {
    case '@':
      return names.user(target.slice(1)) ?? label.replace(/^@/, '');
    case '#':
      return label ? `#${label.replace(/^#/, '')}` : '';
    case '!':
      // @here, @channel, @everyone and user groups alert the desk, not the consumer; a date
      // shows its fallback text.
      return target.startsWith('!date^') ? label : '';
  }
  const scheme = SCHEME.exec(target)?.[1]?.toLowerCase();
  if (!scheme) return undefined;
  const url = decode(target);
  if (!LINKABLE.has(scheme)) return label || url;
  const address = scheme === 'mailto' ? url.slice('mailto:'.length) : url;
  if (!label || sameAddress(label, address)) return address;
  return `${label} (${address})`;
}

/** Slack labels a link it made itself with the address as typed: `<http://example.com|example.com>`. */
function sameAddress(label: string, address: string): boolean {
  const bare = (value: string) =>
    value
      .replace(/^(https?:\/\/|mailto:)/i, '')
      .replace(/\/$/, '')
      .toLowerCase();
  return bare(label) === bare(address);
}

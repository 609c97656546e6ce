// The consumer chat's static files (bot/web/public): the page at `/`, the widget, and the embed
// script other sites load. No build step, so no hashed file names: the page is revalidated on
// every load and the rest is cached briefly, so a deploy reaches everyone within minutes.
//
// The widget's own words (its title, its states, the case card, the welcome and its topics) are
// the bot's: the page and embed.js are served with them written in, from the same catalogues
// (bot/dialog/catalogue/<lang>.json) in every language, and the browser picks its language. So
// the widget and the bot say the same thing the same way, and no file in public/ holds a word.
//
// Headers: the service's security headers (bot/http.ts), with the chat page the one page that
// other sites (ALLOWED_ORIGINS) may frame; embed.js the one file they may load.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type Express, type Request, type Response } from 'express';
import { LANGUAGES, type Language } from '../../intents/labels.ts';
import { localeOf, MESSAGE_KEYS, PAYLOAD_HUMAN, quickReplies, template, type MessageKey } from '../dialog/catalogue.ts';
import { frameAncestorSources, setSecurityHeaders } from '../http.ts';
import { jsonForHtml } from '../html.ts';

export const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

export interface StaticOptions {
  /** Origins whose pages may embed the chat (ALLOWED_ORIGINS); the service's own always may. */
  allowedOrigins: readonly string[];
}

/** The embed script is fetched on every page view of the host site: cache it, but not for long. */
const EMBED_CACHE = 'public, max-age=300';
const ASSET_CACHE = 'public, max-age=600';
const PAGE_CACHE = 'no-cache';

/** The catalogue texts the widget shows itself; templates keep their placeholders ({wait}, {max}). */
const WIDGET_KEYS = MESSAGE_KEYS.filter(
  (key) =>
    /^(widget_|card_|tier_|status_label_)/.test(key) ||
    key === 'welcome' ||
    key === 'error_too_long' ||
    key === 'error_rate_limited',
);

/** The buttons under the welcome on an empty chat: a tap sends the payload, as the bot's own buttons do. */
export const WELCOME_TOPICS = [
  'invoice',
  'login',
  'unrecognized_purchase',
  'merchant_disagreement',
  'case_status',
  PAYLOAD_HUMAN,
] as const;

function text(language: Language, key: MessageKey): string {
  const found = template(language, key);
  if (found === undefined) throw new Error(`catalogue: "${key}" is missing in the ${language} catalogue`);
  return found;
}

/** What the chat page needs in one language: Intl's locale, its texts by catalogue key, the welcome's topics. */
export function widgetWords(language: Language) {
  return {
    locale: localeOf(language),
    strings: Object.fromEntries(WIDGET_KEYS.map((key) => [key, text(language, key)])),
    topics: quickReplies(language, WELCOME_TOPICS),
  };
}

/** The launcher's three words in one language. */
function embedWords(language: Language) {
  return {
    open: text(language, 'widget_title'),
    close: text(language, 'widget_close'),
    frame: text(language, 'widget_frame'),
  };
}

const inEveryLanguage = <T>(words: (language: Language) => T) =>
  Object.fromEntries(LANGUAGES.map((language) => [language, words(language)]));

/** `source` with `mark` replaced by `filling`; a file that lost its mark is a programming error. */
function fillIn(file: string, source: string, mark: string, filling: string): string {
  if (!source.includes(mark)) throw new Error(`${file} has no ${mark} for its words`);
  return source.replace(mark, () => filling);
}

export function mountStatic(app: Express, { allowedOrigins }: StaticOptions): void {
  const ancestors = frameAncestorSources(allowedOrigins);
  const read = (file: string) => readFileSync(`${PUBLIC_DIR}${file}`, 'utf8');
  const wordsBlock = '<script type="application/json" id="ombud-words"></script>';
  const page = fillIn(
    'index.html',
    read('index.html'),
    wordsBlock,
    wordsBlock.replace('><', `>${jsonForHtml(inEveryLanguage(widgetWords))}<`),
  );
  // jsonForHtml's escapes are valid in a script too, and JSON is a JavaScript expression.
  const embed = fillIn(
    'embed.js',
    read('embed.js'),
    '/* words */ {}',
    String(jsonForHtml(inEveryLanguage(embedWords))),
  );

  const sendPage = (_req: Request, res: Response) => {
    res.setHeader('cache-control', PAGE_CACHE);
    res.setHeader('cross-origin-resource-policy', 'same-origin');
    // The chat page (the only page here) is what embed.js frames on other sites.
    setSecurityHeaders(res, { frameAncestors: ancestors });
    // res.send adds an ETag and answers a matching If-None-Match with 304.
    res.type('html').send(page);
  };
  app.get(['/', '/index.html'], sendPage);
  app.get('/embed.js', (_req, res) => {
    res.setHeader('cache-control', EMBED_CACHE);
    // Other sites load embed.js with a plain <script>; everything else is ours alone.
    res.setHeader('cross-origin-resource-policy', 'cross-origin');
    setSecurityHeaders(res);
    res.type('js').send(embed);
  });

  app.use(
    express.static(PUBLIC_DIR, {
      index: false,
      redirect: false,
      dotfiles: 'ignore',
      etag: true,
      lastModified: true,
      cacheControl: false,
      setHeaders(res: Response) {
        res.setHeader('cache-control', ASSET_CACHE);
        res.setHeader('cross-origin-resource-policy', 'same-origin');
        setSecurityHeaders(res);
      },
    }),
  );
}

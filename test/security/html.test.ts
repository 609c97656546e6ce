// The one HTML template (bot/html.ts): every value is escaped unless it is itself markup, in text
// and in attributes; nested templates are not escaped twice; arrays, nothing and numbers come out
// as a page expects. And no page builds HTML with an escaper of its own again: the source holds
// the HTML escape table in one place.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Html, html, htmlTag, joinHtml, jsonForHtml, unsafeRaw } from '../../bot/html.ts';
import { printable } from '../../db/cli/printable.ts';
import { REPO_ROOT } from '../support/process.ts';

const page = (markup: Html) => markup.toString();

describe('html`...`', () => {
  it('escapes & < > " and \' in every value', () => {
    expect(page(html`<p>${`Tom & Jerry's "<b>bold</b>"`}</p>`)).toBe(
      '<p>Tom &amp; Jerry&#39;s &quot;&lt;b&gt;bold&lt;/b&gt;&quot;</p>',
    );
    expect(page(html`<p>${'&amp;'}</p>`)).toBe('<p>&amp;amp;</p>');
  });

  it('keeps a value inside its attribute', () => {
    const value = `x" onmouseover="alert(1)' data-x='`;
    expect(page(html`<a title="${value}" data-y='${value}'>a</a>`)).toBe(
      '<a title="x&quot; onmouseover=&quot;alert(1)&#39; data-x=&#39;" data-y=\'x&quot; onmouseover=&quot;alert(1)&#39; data-x=&#39;\'>a</a>',
    );
  });

  it('leaves the template itself as written', () => {
    expect(page(html`<p class="a">it's "quoted" & <em>so</em></p>`)).toBe(
      `<p class="a">it's "quoted" & <em>so</em></p>`,
    );
    expect(page(html``)).toBe('');
    expect(page(html`${'x'}`)).toBe('x');
  });

  it('puts a nested template in as it is, its own values escaped once', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(page(html`<p>${inner}</p>`)).toBe('<p><b>&lt;i&gt;</b></p>');
    expect(page(html`<div>${html`<p>${inner}</p>`}</div>`)).toBe('<div><p><b>&lt;i&gt;</b></p></div>');
  });

  it('writes an array as its items one after the other, each escaped or not by what it is', () => {
    const items = ['a<b', 'c&d'].map((item) => html`<li>${item}</li>`);
    expect(page(html`<ul>${items}</ul>`)).toBe('<ul><li>a&lt;b</li><li>c&amp;d</li></ul>');
    expect(page(html`<p>${['<', html`<br />`, 1, [2, '>']]}</p>`)).toBe('<p>&lt;<br />12&gt;</p>');
    expect(page(html`<ul>${[]}</ul>`)).toBe('<ul></ul>');
  });

  it('writes null and undefined as nothing, numbers as numbers', () => {
    expect(page(html`<p>${null}|${undefined}|${0}|${-1.5}|${12n}|${''}</p>`)).toBe('<p>||0|-1.5|12|</p>');
  });

  it('is markup only when made here: a string that looks like markup is text', () => {
    const pretend = { toString: () => '<script>' } as unknown as Html;
    expect(page(html`${pretend as never}`)).toBe('&lt;script&gt;');
    expect(() => new (Html as unknown as new (a: unknown, b: string) => Html)(Symbol('Html'), '<b>')).toThrow(
      TypeError,
    );
  });
});

describe('the helpers', () => {
  it('joinHtml puts the separator between the items', () => {
    expect(page(joinHtml([html`<tr></tr>`, html`<tr></tr>`], '\n'))).toBe('<tr></tr>\n<tr></tr>');
    expect(page(joinHtml(['a<', 'b'], html`<br />`))).toBe('a&lt;<br />b');
    expect(page(joinHtml(['a', 'b'], '<'))).toBe('a&lt;b');
    expect(page(joinHtml([], '\n'))).toBe('');
  });

  it('unsafeRaw is taken as it is', () => {
    expect(page(html`<style>${unsafeRaw('a > b { content: "&" }')}</style>`)).toBe(
      '<style>a > b { content: "&" }</style>',
    );
  });

  it('jsonForHtml cannot end its script block', () => {
    const json = page(jsonForHtml({ text: '</script><script>alert("&")</script>' }));
    expect(json).not.toMatch(/[<>&]/);
    expect(JSON.parse(json)).toEqual({ text: '</script><script>alert("&")</script>' });
  });

  it('htmlTag(printable) takes control characters out of values and still escapes them', () => {
    const report = htmlTag(printable);
    expect(page(report`<td>${'Shop\x1b[2J & Co\x07\nline'}</td>`)).toBe('<td>Shop &amp; Co\nline</td>');
    expect(page(report`<p>${html`<b>${'<'}</b>`}</p>`)).toBe('<p><b>&lt;</b></p>');
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(?:ts|mjs|js)$/.test(name) ? [path] : [];
  });
}

describe('the source', () => {
  it("escapes HTML in bot/html.ts only (Slack's markup has its own three entities, bot/slack/cards.ts)", () => {
    const escapers = ['bot', 'db', 'intents', 'routing']
      .flatMap((dir) => sourceFiles(join(REPO_ROOT, dir)))
      .filter((file) => /&#39;|&#x27;|&quot;/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(REPO_ROOT, file));
    expect(escapers).toEqual(['bot/html.ts']);
  });
});

// The merchant's page (issue 17, docs/merchants.md "The merchant's page"): /merchant, a plain page
// on the merchant's own API. The page itself holds no data: it asks for the API key once per tab
// (kept in sessionStorage, sent as a Bearer header, never in a URL or a cookie), lists the
// merchant's disputes with their deadlines through GET /api/merchant/disputes, and settles or
// contests one through the same routes an integration uses. English only: merchants' staff get
// the API's words, and the webhooks and e-mails carry the merchant's language.
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import { staticAssets } from '../http.ts';
import { pageHeaders } from '../ombudsman/html.ts';

export const MERCHANT_PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="robots" content="noindex" />
    <meta name="color-scheme" content="light dark" />
    <title>Disputes · Ombud for merchants</title>
    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    <link rel="stylesheet" href="/merchant/assets/merchant.css" />
    <script type="module" src="/merchant/assets/merchant.js"></script>
  </head>
  <body>
    <main class="mer">
      <h1>Disputes</h1>
      <p id="mer-status" class="mer-hint" role="status" aria-live="polite"></p>
      <p id="mer-error" class="mer-error" role="alert" tabindex="-1"></p>
      <form id="mer-sign-in" class="mer-sign-in">
        <label for="mer-key">Your merchant API key</label>
        <input id="mer-key" name="key" type="password" autocomplete="off" spellcheck="false" required />
        <p class="mer-hint">Kept in this tab only, until you close it or sign out.</p>
        <button type="submit">Show my disputes</button>
      </form>
      <section id="mer-desk" hidden>
        <div class="mer-bar">
          <label for="mer-filter">Show</label>
          <select id="mer-filter">
            <option value="open" selected>Open disputes</option>
            <option value="closed">Closed disputes</option>
            <option value="">All disputes</option>
          </select>
          <button type="button" id="mer-reload" class="mer-quiet">Refresh</button>
          <button type="button" id="mer-sign-out" class="mer-quiet">Sign out</button>
        </div>
        <div id="mer-list"></div>
      </section>
    </main>
  </body>
</html>
`;

export function merchantPageRoutes(): Router {
  const router = express.Router();
  router.use('/merchant/assets', staticAssets(MERCHANT_PUBLIC_DIR));
  router.get('/merchant', (_req, res) => {
    pageHeaders(res);
    res.type('html').send(PAGE);
  });
  return router;
}

// `GET /ombudsman`: the consumer's written request, in their language (`?lang=`, else the
// browser's Accept-Language, else English), with the strings of catalogue/<lang>.json. The page
// is plain HTML with labelled fields; form.js proves ownership with the chat session the widget
// keeps in this browser, or (when SMTP is configured) with a one-time code, and posts the JSON.
import { LANGUAGES, type Language } from '../../intents/labels.ts';
import { OMBUDSMAN_CATALOGUES, ot, type OmbudsmanKey } from './catalogue.ts';
import { html, jsonForHtml } from '../html.ts';
import { ombudsmanPage } from './html.ts';
import { CODE_TTL_MS } from '../../db/index.ts';

/** The strings form.js needs at run time (errors by code, the states of the form). */
const SCRIPT_KEYS: OmbudsmanKey[] = [
  'proof_session',
  'proof_none',
  'proof_code_offer',
  'code_sent',
  'sending',
  'sent',
  'checking',
  'eligible',
  'error_generic',
  'error_case_not_found',
  'error_not_eligible_no_final_statement',
  'error_not_eligible_case_open',
  'error_ombudsman_already_requested',
  'error_code_invalid',
  'error_invalid_request',
  'error_rate_limited',
];

export function renderFormPage(options: { language: Language; codePath: boolean; caseRef?: string }): string {
  const { language } = options;
  const s = (key: OmbudsmanKey, params?: Record<string, string | number>) => ot(language, key, params);
  const minutes = CODE_TTL_MS / 60_000;
  const strings = Object.fromEntries(
    SCRIPT_KEYS.map((key) => [
      key,
      ot(
        language,
        key,
        key === 'code_sent' ? { minutes } : key === 'sent' || key === 'eligible' ? { ref: '{ref}' } : {},
      ),
    ]),
  );
  const languages = LANGUAGES.map((code) => {
    const name = OMBUDSMAN_CATALOGUES[code].language_name;
    return code === language
      ? html`<li><a href="?lang=${code}" lang="${code}" aria-current="page">${name}</a></li>`
      : html`<li><a href="?lang=${code}" lang="${code}" hreflang="${code}">${name}</a></li>`;
  });
  const ref = options.caseRef && /^[A-Za-z0-9-]{1,64}$/.test(options.caseRef) ? options.caseRef.toUpperCase() : '';
  return ombudsmanPage(
    { lang: language, title: s('page_title'), script: 'form.js', colorScheme: true },
    html`
    <main class="omb">
      <nav aria-label="${s('language_name')}"><ul class="omb-languages">${languages}</ul></nav>
      <h1>${s('page_title')}</h1>
      <p>${s('intro')}</p>
      <noscript><p class="omb-error">${s('noscript')}</p></noscript>
      <form id="omb-form" class="omb-form" data-code-path="${options.codePath ? 'on' : 'off'}" hidden>
        <p id="omb-proof" class="omb-proof"></p>
        <div class="omb-field">
          <label for="omb-case-ref">${s('field_case_ref')}</label>
          <input id="omb-case-ref" name="caseRef" required maxlength="64" autocomplete="off" spellcheck="false"
                 pattern="[A-Za-z0-9\\-]{1,64}" aria-describedby="omb-case-ref-hint" value="${ref}" />
          <p id="omb-case-ref-hint" class="omb-hint">${s('field_case_ref_hint')}</p>
        </div>
        <fieldset id="omb-code-path" class="omb-code" hidden>
          <legend>${s('field_code')}</legend>
          <p>${s('proof_code_offer')}</p>
          <button type="button" id="omb-send-code">${s('send_code')}</button>
          <p id="omb-code-status" class="omb-hint" role="status"></p>
          <label for="omb-code">${s('field_code')}</label>
          <input id="omb-code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" />
        </fieldset>
        <p id="omb-error" class="omb-error" role="alert" tabindex="-1"></p>
        <!-- First whether the case can go to the ombudsman at all (issue 18, item 7); only then
             the fields of the request, so nobody writes one that would be refused. -->
        <button type="button" id="omb-check">${s('check')}</button>
        <div id="omb-write" hidden>
          <p id="omb-eligible" class="omb-hint" role="status" tabindex="-1"></p>
          <div class="omb-field">
            <label for="omb-statement">${s('field_statement')}</label>
            <textarea id="omb-statement" name="statement" required maxlength="10000" rows="10"></textarea>
          </div>
          <div class="omb-field">
            <label for="omb-desired-outcome">${s('field_desired_outcome')}</label>
            <textarea id="omb-desired-outcome" name="desiredOutcome" required maxlength="2000" rows="3"></textarea>
          </div>
          <button type="submit" id="omb-submit">${s('submit')}</button>
        </div>
      </form>
      <p id="omb-done" class="omb-done" role="status" tabindex="-1" hidden></p>
    </main>
    <script type="application/json" id="omb-strings">${jsonForHtml(strings)}</script>
`,
  );
}

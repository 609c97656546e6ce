// The ombudsman's pages and their static files (public/): the consumer's form at /ombudsman,
// and the files under /ombudsman/assets/.
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import { negotiateLanguage } from './catalogue.ts';
import { renderFormPage } from './form-page.ts';
import { staticAssets } from '../http.ts';
import { pageHeaders } from './html.ts';

export const OMBUDSMAN_PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

export function pageRoutes(options: { codePath: boolean }): Router {
  const router = express.Router();
  router.use('/ombudsman/assets', staticAssets(OMBUDSMAN_PUBLIC_DIR));
  router.get('/ombudsman', (req, res) => {
    const language = negotiateLanguage(req.query.lang, req.get('accept-language'));
    pageHeaders(res);
    res.setHeader('vary', 'Accept-Language');
    res.type('html').send(
      renderFormPage({
        language,
        codePath: options.codePath,
        caseRef: typeof req.query.case === 'string' ? req.query.case : undefined,
      }),
    );
  });
  return router;
}

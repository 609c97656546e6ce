// Self-service answers for invoice and login questions, one knowledge file per language
// (knowledge/<lang>.json), written in that language with its own details: OCR number in
// Sweden, KID in Norway, MitID in Denmark, bank credentials and mobiilivarmenne in Finland.
//
// `findAnswer(language, text)` picks the entry whose keywords overlap the message best (the
// rule is in knowledge/match.ts) and returns undefined when nothing matches well, so that the
// dialog falls back to a generic answer or a handoff instead of answering the wrong question.
import { z } from 'zod';
import { LANGUAGES, type DetectedLanguage, type Language } from '../../intents/labels.ts';
import { replyLanguage } from './catalogue/format.ts';
import { KNOWLEDGE_ENTRIES, KNOWLEDGE_IDS, type KnowledgeId, type KnowledgeIntent } from './knowledge/entries.ts';
import { bestMatch, compileKeyword, CUE_SCORE, TERM_SCORE, type Keyword } from './knowledge/match.ts';
import da from './knowledge/da.json' with { type: 'json' };
import de from './knowledge/de.json' with { type: 'json' };
import en from './knowledge/en.json' with { type: 'json' };
import fi from './knowledge/fi.json' with { type: 'json' };
import no from './knowledge/no.json' with { type: 'json' };
import sv from './knowledge/sv.json' with { type: 'json' };

export { KNOWLEDGE_ENTRIES, KNOWLEDGE_IDS, type KnowledgeId, type KnowledgeIntent } from './knowledge/entries.ts';
export { MIN_SCORE } from './knowledge/match.ts';

export const KnowledgeEntryText = z.object({
  /** Specific words or phrases; one is enough to pick the entry. */
  terms: z.array(z.string().min(1)).min(1),
  /** Supporting words or phrases; two are needed without a term. */
  cues: z.array(z.string().min(1)),
  /** 2 to 4 short sentences with concrete steps. */
  answer: z.string().min(1),
});
export type KnowledgeEntryText = z.infer<typeof KnowledgeEntryText>;

export const KnowledgeFile = z.record(z.string(), KnowledgeEntryText);
export type KnowledgeFile = z.infer<typeof KnowledgeFile>;

export const KNOWLEDGE_FILES: Record<Language, KnowledgeFile> = {
  sv: KnowledgeFile.parse(sv),
  no: KnowledgeFile.parse(no),
  da: KnowledgeFile.parse(da),
  fi: KnowledgeFile.parse(fi),
  de: KnowledgeFile.parse(de),
  en: KnowledgeFile.parse(en),
};

interface CompiledEntry {
  id: KnowledgeId;
  intent: KnowledgeIntent;
  answer: string;
  keywords: Keyword[];
}

/** Entries in KNOWLEDGE_IDS order (the tie-break order); an id a file lacks is left out here
 *  and reported by knowledgeProblems(). */
const COMPILED: Record<Language, CompiledEntry[]> = Object.fromEntries(
  LANGUAGES.map((language) => [
    language,
    KNOWLEDGE_IDS.flatMap((id) => {
      const entry = KNOWLEDGE_FILES[language][id];
      if (entry === undefined) return [];
      const keywords = [
        ...entry.terms.map((k) => compileKeyword(k, TERM_SCORE)),
        ...entry.cues.map((k) => compileKeyword(k, CUE_SCORE)),
      ];
      return [{ id, intent: KNOWLEDGE_ENTRIES[id], answer: entry.answer, keywords }];
    }),
  ]),
) as Record<Language, CompiledEntry[]>;

export interface KnowledgeAnswer {
  id: KnowledgeId;
  intent: KnowledgeIntent;
  /** Ready to send: plain text in the consumer's language. */
  answer: string;
}

export interface FindAnswerOptions {
  /** Only entries of this intent, when the classifier already said invoice or login. */
  intent?: KnowledgeIntent;
}

/**
 * The best self-service answer for a message, or undefined when no entry matches well.
 * `und` (language unknown) uses the English entries, as the catalogue does.
 */
export function findAnswer(
  language: DetectedLanguage,
  text: string,
  options: FindAnswerOptions = {},
): KnowledgeAnswer | undefined {
  const entries = COMPILED[replyLanguage(language)];
  if (entries === undefined) throw new Error(`knowledge: unknown language "${String(language)}"`);
  const candidates = options.intent === undefined ? entries : entries.filter((e) => e.intent === options.intent);
  const best = bestMatch(
    text,
    candidates.map((e) => e.keywords),
  );
  if (best === undefined) return undefined;
  const { id, intent, answer } = candidates[best.index]!;
  return { id, intent, answer };
}

/** Missing or unknown ids per language; empty when every file holds exactly KNOWLEDGE_IDS. */
export function knowledgeProblems(): string[] {
  const problems: string[] = [];
  const known = new Set<string>(KNOWLEDGE_IDS);
  for (const language of LANGUAGES) {
    const file = KNOWLEDGE_FILES[language];
    for (const id of KNOWLEDGE_IDS) if (file[id] === undefined) problems.push(`${language}: missing "${id}"`);
    for (const id of Object.keys(file)) if (!known.has(id)) problems.push(`${language}: unknown entry "${id}"`);
  }
  return problems;
}

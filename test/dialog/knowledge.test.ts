// Self-service knowledge: the same entries in every language, keywords stored folded, short
// concrete answers, and findAnswer() picking the right entry for questions people actually
// write (with typos of case and diacritics), or nothing for a message it cannot answer.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { foldForIntent } from '../../intents/normalise.ts';
import { LANGUAGES, type Language } from '../../intents/labels.ts';
import {
  findAnswer,
  KNOWLEDGE_ENTRIES,
  KNOWLEDGE_IDS,
  knowledgeProblems,
  type KnowledgeId,
} from '../../bot/dialog/knowledge.ts';

interface EntryText {
  terms: string[];
  cues: string[];
  answer: string;
}

function knowledgeFile(language: string): Record<string, EntryText> {
  return JSON.parse(
    readFileSync(new URL(`../../bot/dialog/knowledge/${language}.json`, import.meta.url), 'utf8'),
  ) as Record<string, EntryText>;
}

const FILES = Object.fromEntries(LANGUAGES.map((language) => [language, knowledgeFile(language)])) as Record<
  Language,
  Record<string, EntryText>
>;

/** Questions as consumers write them, one or more per entry and language. */
const QUESTIONS: Record<Language, [string, KnowledgeId][]> = {
  sv: [
    ['kommer inte in i appen med bankid, det ba snurrar o sen händer inget', 'eid_trouble'],
    ['kan jag få längre betaltid?', 'extend_due_date'],
    ['kommer inte in i appen', 'forgot_password'],
    ['Jag har flyttat, hur ändrar jag adressen på fakturan?', 'change_address'],
    ['mitt namn är felstavat på fakturan', 'wrong_name'],
    ['kan jag få fakturan på papper hem i brevlådan?', 'paper_invoice'],
    ['Kan jag dela upp betalningen på tre månader?', 'split_payment'],
    ['hur betalar jag min faktura', 'pay_invoice'],
    ['Kan jag betala fakturan med kort?', 'pay_invoice'],
    ['Jag har betalat men det syns inte i appen', 'payment_not_showing'],
    ['När förfaller min faktura?', 'due_date'],
    ['Kan jag skjuta upp förfallodatumet en vecka?', 'extend_due_date'],
    ['Går det att pausa fakturan medan jag väntar på returen?', 'pause_invoice'],
    ['Varför fick jag en påminnelseavgift?', 'reminder_fees'],
    ['Jag har inte fått någon faktura', 'find_invoice'],
    ['koden kommer inte', 'code_not_arriving'],
    ['BankID fungerar inte när jag ska logga in', 'eid_trouble'],
    ['Mitt konto är låst', 'account_locked'],
    ['Jag har bytt telefon, hur loggar jag in nu?', 'new_phone'],
    ['Jag har glömt mitt lösenord till appen', 'forgot_password'],
    ['Var hittar jag IBAN för att betala fakturan?', 'pay_invoice'],
    ['Min betalning har inte registrerats', 'payment_not_showing'],
    ['Jag glömde betala fakturan', 'reminder_fees'],
    ['Var hittar jag OCR-numret?', 'pay_invoice'],
  ],
  no: [
    ['Kva tid forfell fakturaen min?', 'due_date'],
    ['får ikke logget inn med Vipps, den bare laster og laster', 'eid_trouble'],
    ['kan jeg betale med vipps?', 'pay_invoice'],
    ['Regningen kom til feil adresse, hvordan oppdaterer jeg den?', 'change_address'],
    ['navnet mitt er feil på fakturaen', 'wrong_name'],
    ['kan jeg få fakturaen på papir i posten?', 'paper_invoice'],
    ['Går det an å betale i deler hver måned?', 'split_payment'],
    ['Hvordan betaler jeg fakturaen?', 'pay_invoice'],
    ['Jeg har betalt, men fakturaen står fortsatt som ubetalt', 'payment_not_showing'],
    ['Når er forfallsdatoen på fakturaen min?', 'due_date'],
    ['Kan jeg utsette betalingen til neste måned?', 'extend_due_date'],
    ['Kan fakturaen settes på pause mens jeg venter på retur?', 'pause_invoice'],
    ['Jeg har fått purring og gebyr', 'reminder_fees'],
    ['Jeg har ikke fått noen faktura på e-post', 'find_invoice'],
    ['Jeg får ikke koden på SMS', 'code_not_arriving'],
    ['BankID virker ikke', 'eid_trouble'],
    ['Kontoen min er sperret', 'account_locked'],
    ['Jeg har fått ny telefon', 'new_phone'],
    ['Har glemt passordet mitt', 'forgot_password'],
  ],
  da: [
    ['kan jeg betale med mobilepay?', 'pay_invoice'],
    ['betaling i rater?', 'split_payment'],
    ['Jeg er flyttet, hvordan ændrer jeg min adresse?', 'change_address'],
    ['mit navn er stavet forkert på regningen', 'wrong_name'],
    ['kan jeg få regningen på papir med posten?', 'paper_invoice'],
    ['Kan jeg få delbetaling på fakturaen?', 'split_payment'],
    ['hvornår skal regningen betales', 'due_date'],
    ['Hvordan betaler jeg min faktura?', 'pay_invoice'],
    ['Jeg har betalt, men betalingen vises ikke', 'payment_not_showing'],
    ['Hvornår er sidste frist for at betale fakturaen?', 'due_date'],
    ['Kan jeg udskyde betalingen?', 'extend_due_date'],
    ['Kan I sætte fakturaen på pause? Jeg har returneret varen', 'pause_invoice'],
    ['Jeg har fået en rykker med gebyr', 'reminder_fees'],
    ['Jeg har ikke fået nogen faktura', 'find_invoice'],
    ['Jeg modtager ikke koden', 'code_not_arriving'],
    ['MitID virker ikke', 'eid_trouble'],
    ['Min konto er låst', 'account_locked'],
    ['Jeg har skiftet telefon', 'new_phone'],
    ['jeg har glemt min adgangskode', 'forgot_password'],
  ],
  fi: [
    ['Lasku meni vanhaan osoitteeseen, miten muutan osoitteen?', 'change_address'],
    ['nimeni on kirjoitettu väärin laskussa', 'wrong_name'],
    ['saisinko laskut paperilla kotiin?', 'paper_invoice'],
    ['en pääse sovellukseen, miten kirjaudun sisään?', 'forgot_password'],
    ['Voinko maksaa laskun osissa?', 'split_payment'],
    ['miten maksan laskun', 'pay_invoice'],
    ['Maksoin laskun eilen, mutta maksu ei näy vielä', 'payment_not_showing'],
    ['Milloin laskun eräpäivä on?', 'due_date'],
    ['Voinko siirtää eräpäivää?', 'extend_due_date'],
    ['Voiko laskun keskeyttää? Palautin tuotteen', 'pause_invoice'],
    ['Sain maksumuistutuksen, miksi siitä tuli kuluja?', 'reminder_fees'],
    ['En ole saanut laskua', 'find_invoice'],
    ['Koodi ei tule tekstiviestinä', 'code_not_arriving'],
    ['Pankkitunnukset eivät toimi kirjautuessa', 'eid_trouble'],
    ['Tilini on lukittu', 'account_locked'],
    ['Vaihdoin puhelimen, miten kirjaudun?', 'new_phone'],
    ['sovellus sanoo että istunto on vanhentunut', 'forgot_password'],
    ['Millä tavoin voin maksaa?', 'pay_invoice'],
    ['Unohdin maksaa laskun', 'reminder_fees'],
    ['Mihin mennessä lasku pitää maksaa?', 'due_date'],
  ],
  de: [
    ['kann ich die zahlung nen monat schieben? bin grad bissl knapp bis zum gehalt', 'extend_due_date'],
    ['kann i die rechnung erst im jänner zahln? hob grad ka göd', 'extend_due_date'],
    ['Ich bin umgezogen, wie ändere ich meine Adresse?', 'change_address'],
    ['Mein Nachname ist auf der Rechnung falsch geschrieben. Wie kann ich das korrigieren lassen?', 'wrong_name'],
    ['Kann ich die Rechnung auf Papier per Post bekommen?', 'paper_invoice'],
    ['ich komm nicht in die app rein, wie melde ich mich an?', 'forgot_password'],
    ['Kann ich die Rechnung in Raten zahlen?', 'split_payment'],
    ['wie kann ich die rechnung bezahlen', 'pay_invoice'],
    ['Ich habe schon bezahlt, aber die Zahlung wird nicht angezeigt', 'payment_not_showing'],
    ['Bis wann muss ich die Rechnung bezahlen?', 'due_date'],
    ['Kann ich die Zahlung verschieben?', 'extend_due_date'],
    ['Kann ich die Rechnung pausieren? Ich habe die Ware zurückgeschickt', 'pause_invoice'],
    ['Warum habe ich eine Mahnung mit Gebühr bekommen?', 'reminder_fees'],
    ['Ich habe keine Rechnung bekommen', 'find_invoice'],
    ['Der Code per SMS kommt nicht an', 'code_not_arriving'],
    ['BankID funktioniert nicht', 'eid_trouble'],
    ['Mein Konto ist gesperrt', 'account_locked'],
    ['Ich habe ein neues Handy', 'new_phone'],
    ['Passwort vergessen, was nun?', 'forgot_password'],
    ['Wo finde ich die IBAN für die Überweisung?', 'pay_invoice'],
    ['Kann ich per Lastschrift zahlen?', 'pay_invoice'],
  ],
  en: [
    ['can i pay with paypal?', 'pay_invoice'],
    ['I moved house, how do I update my address?', 'change_address'],
    ['my surname is misspelled on the invoice', 'wrong_name'],
    ['can i get my invoices on paper by post?', 'paper_invoice'],
    ['Can I pay this invoice in instalments?', 'split_payment'],
    ['How do I pay my invoice?', 'pay_invoice'],
    ['I paid last week but the payment is not showing', 'payment_not_showing'],
    ['When is my invoice due?', 'due_date'],
    ['Can I extend the due date?', 'extend_due_date'],
    ['Can I pause my invoice while I return the item?', 'pause_invoice'],
    ['Why was I charged a late fee?', 'reminder_fees'],
    ["I haven't received my invoice", 'find_invoice'],
    ['My verification code never arrives', 'code_not_arriving'],
    ['BankID is not working', 'eid_trouble'],
    ['My account is locked', 'account_locked'],
    ['I got a new phone, how do I log in?', 'new_phone'],
    ['I forgot my password', 'forgot_password'],
    ['The app says my session expired', 'forgot_password'],
    ['What happens if I pay late?', 'reminder_fees'],
  ],
};

/** Messages the knowledge must not answer: off-topic, a shop problem, or too vague. */
const UNANSWERABLE: Record<Language, string[]> = {
  sv: ['Vad blir det för väder i morgon?', 'Paketet har inte kommit fram', 'faktura'],
  no: ['Hva er åpningstidene til butikken i Oslo?', 'Jeg fikk feil størrelse på skoene'],
  da: ['Kan du anbefale en god restaurant i København?', 'Butikken svarer ikke på mine mails om varen'],
  fi: ['Mikä on Suomen pääkaupunki?', 'Paketti ei ole vieläkään tullut perille'],
  de: ['Ich suche ein Rezept für Apfelkuchen', 'Der Shop antwortet nicht auf meine Reklamation', 'Rechnung'],
  en: ['What is the capital of France?', 'The shop sent me the wrong size', 'invoice'],
};

describe('knowledge files', () => {
  it.each(LANGUAGES)('%s holds exactly the declared entries', (language) => {
    expect(Object.keys(FILES[language]).sort()).toEqual([...KNOWLEDGE_IDS].sort());
  });

  it('the module finds no problem either', () => {
    expect(knowledgeProblems()).toEqual([]);
  });

  it.each(LANGUAGES)('%s stores its keywords folded (lower case, no diacritics, no punctuation)', (language) => {
    const unfolded = Object.values(FILES[language])
      .flatMap((entry) => [...entry.terms, ...entry.cues])
      .filter((keyword) => foldForIntent(keyword) !== keyword || !/^[a-z]+( [a-z]+)*$/.test(keyword));
    expect(unfolded).toEqual([]);
  });

  it.each(LANGUAGES)('%s answers in 2 to 4 short sentences, with no links or phone numbers made up', (language) => {
    for (const [id, entry] of Object.entries(FILES[language])) {
      const sentences = entry.answer.split(/[.!?](?:\s|$)/).filter((s) => s.trim().length > 0);
      expect(sentences.length, `${language} ${id}`).toBeGreaterThanOrEqual(2);
      expect(sentences.length, `${language} ${id}`).toBeLessThanOrEqual(4);
      expect(entry.answer.length, `${language} ${id}`).toBeLessThanOrEqual(420);
      expect(entry.answer, `${language} ${id}`).not.toMatch(/https?:|www\.|\{|\d{5,}|\+\d/);
    }
  });

  it('names the identification each country uses', () => {
    expect(FILES.sv.eid_trouble!.answer).toContain('BankID');
    expect(FILES.no.eid_trouble!.answer).toContain('BankID');
    expect(FILES.da.eid_trouble!.answer).toContain('MitID');
    expect(FILES.fi.eid_trouble!.answer).toMatch(/mobiilivarmen/); // inflected: mobiilivarmenteesi
    expect(FILES.sv.payment_not_showing!.answer).toContain('OCR');
    expect(FILES.no.payment_not_showing!.answer).toContain('KID');
    expect(FILES.fi.payment_not_showing!.answer).toContain('viitenumero');
  });
});

describe('findAnswer', () => {
  for (const language of LANGUAGES) {
    it.each(QUESTIONS[language])(`${language}: "%s" -> %s`, (question, id) => {
      const found = findAnswer(language, question);
      expect(found?.id).toBe(id);
      expect(found?.intent).toBe(KNOWLEDGE_ENTRIES[id]);
      expect(found?.answer).toBe(FILES[language][id]!.answer);
    });
  }

  it('covers every entry with at least one question in every language', () => {
    for (const language of LANGUAGES) {
      expect(new Set(QUESTIONS[language].map(([, id]) => id)), language).toEqual(new Set(KNOWLEDGE_IDS));
    }
  });

  for (const language of LANGUAGES) {
    it.each(UNANSWERABLE[language])(`${language}: "%s" gets no answer`, (text) => {
      expect(findAnswer(language, text)).toBeUndefined();
    });
  }

  it('does not care about case or diacritics', () => {
    expect(findAnswer('sv', 'NÄR FÖRFALLER FAKTURAN')?.id).toBe('due_date');
    expect(findAnswer('sv', 'nar forfaller fakturan')?.id).toBe('due_date');
  });

  it('keeps to the intent the classifier gave, when asked to', () => {
    const text = 'Jag har bytt telefon och koden kommer inte';
    expect(findAnswer('sv', text, { intent: 'login' })?.intent).toBe('login');
    expect(findAnswer('sv', text, { intent: 'invoice' })).toBeUndefined();
  });

  it('answers an unknown language (und) from the English entries', () => {
    expect(findAnswer('und', 'bankid')).toEqual({
      id: 'eid_trouble',
      intent: 'login',
      answer: FILES.en.eid_trouble!.answer,
    });
  });

  it('answers in the language asked, not the language of the words', () => {
    expect(findAnswer('da', 'MitID virker ikke')?.answer).toBe(FILES.da.eid_trouble!.answer);
  });

  it('stays fast on a very long message', () => {
    const text = 'jag undrar över min faktura och '.repeat(2000);
    const started = performance.now();
    findAnswer('sv', text);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

// What the chat benchmark's consumers say: five messages each, in six languages, in the order
// a real conversation might take (a greeting, an invoice question, a purchase they do not
// recognise, asking for a person, the status of their case). A few consumers take other paths
// (the quick-reply payloads an app sends back, a dispute with a shop), so that every kind of
// turn the bot has is in the load: self-service answers, collecting details, opening cases,
// reading a case's status.
type Script = readonly [string, string, string, string, string];

const BY_LANGUAGE: Record<string, Script[]> = {
  sv: [
    [
      'Hej!',
      'Hur betalar jag min faktura?',
      'Jag har inte köpt det här! Det finns en faktura på 499 kr från Webhallen som inte är min',
      'Jag vill prata med en människa',
      'Vad är status på mitt ärende?',
    ],
    [
      'Hej, jag behöver hjälp',
      'Kan jag få längre tid på att betala fakturan?',
      'helped_no',
      'Vad händer med mitt ärende nu?',
      'Tack!',
    ],
  ],
  no: [
    [
      'Hei!',
      'Hvordan betaler jeg fakturaen min?',
      'Jeg har ikke kjøpt dette, fakturaen på 349 kr fra Elkjøp er ikke min',
      'Jeg vil snakke med et menneske',
      'Hva er status på saken min?',
    ],
    [
      'Hei, jeg får ikke logget inn',
      'Koden på SMS kommer aldri',
      'human',
      'Hvor lang tid tar det?',
      'Takk for hjelpen',
    ],
  ],
  da: [
    [
      'Hej med dig',
      'Hvordan betaler jeg min faktura?',
      'Jeg har ikke købt det her, der er en faktura på 299 kr fra Elgiganten som ikke er min',
      'Jeg vil gerne tale med et menneske',
      'Hvad er status på min sag?',
    ],
    [
      'Goddag',
      'Hvornår skal fakturaen betales?',
      'helped_yes',
      'Jeg vil tale med en person alligevel',
      'Hvad er status på min sag?',
    ],
  ],
  fi: [
    [
      'Hei!',
      'Miten maksan laskuni?',
      'En ole ostanut tätä, 59 euron lasku Verkkokauppa.comilta ei ole minun',
      'Haluan puhua oikean ihmisen kanssa',
      'Mikä on asiani tila?',
    ],
    ['Moi', 'En saa vahvistuskoodia tekstiviestillä', 'helped_no', 'Milloin joku vastaa?', 'Kiitos'],
  ],
  de: [
    [
      'Hallo!',
      'Wie bezahle ich meine Rechnung?',
      'Das habe ich nicht gekauft! Eine Rechnung über 79 EUR von Zalando, die nicht von mir ist',
      'Ich möchte mit einem Menschen sprechen',
      'Wie ist der Stand meines Falls?',
    ],
    [
      'Guten Tag',
      'Ich habe die Schuhe an Zalando zurückgeschickt, aber trotzdem eine Rechnung über 89 EUR bekommen',
      'contacted_yes',
      'confirm',
      'Wie ist der Stand meines Falls?',
    ],
  ],
  en: [
    [
      'Hi there',
      'How do I pay my invoice?',
      'I did not buy this! There is an invoice of 499 SEK from Webhallen that is not mine',
      'I want to talk to a person',
      'What is the status of my case?',
    ],
    ['Hello', 'My BankID does not work and I cannot log in', 'helped_no', 'talk to a person', 'Any news on my case?'],
  ],
};

const LANGUAGES = Object.keys(BY_LANGUAGE);

/** Consumer `index`'s five messages: languages in turn, and one consumer in three on the second path. */
export function scriptFor(index: number): Script {
  const scripts = BY_LANGUAGE[LANGUAGES[index % LANGUAGES.length]!]!;
  return scripts[Math.floor(index / LANGUAGES.length) % 3 === 2 ? 1 : 0]!;
}

/** `count` messages for one long conversation: the scripts of one language after another. */
export function longConversation(count: number, start = 0): string[] {
  const texts: string[] = [];
  for (let index = start; texts.length < count; index++) texts.push(...scriptFor(index));
  return texts.slice(0, count);
}

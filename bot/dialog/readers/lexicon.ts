// Everyday words and phrases the answer readers know, in the six languages. Written folded or
// not (they are folded when compiled: "stämmer" and "stammer" are one entry). A reader tries
// every language: a Swede who types "yes" means yes, and "ja" is yes in five of the six.
//
// Kept to words whose meaning in an answer is plain. Where a word means something else in
// another language ("no" is Nynorsk for "now", "ei" German for "egg", "jo" Finnish for
// "already"), it is listed where it answers a yes/no question in that sense and nowhere else.

/** Yes, and phrases that say yes to the question asked ("stämmer", "genau", "send it"). */
export const YES = [
  // sv
  'ja', 'japp', 'jepp', 'jo', 'javisst', 'ja visst', 'visst', 'absolut', 'precis', 'stämmer', 'det stämmer', 'det stämmer bra',
  'korrekt', 'rätt', 'helt rätt', 'okej', 'ok', 'okey', 'kör', 'kör på', 'gärna', 'ja tack', 'ja gärna', 'jajamen', 'japp det stämmer',
  'ja det gör det', 'ja det hjälpte', 'det hjälpte', 'ja det har jag', 'det har jag', 'jag har det', 'jadå', 'mm', 'mhm', 'yes',
  'skicka', 'skicka in', 'skicka den', 'ja skicka', 'det är rätt', 'allt stämmer', 'ser bra ut', 'låter bra', 'jajamän', 'jajamensan',
  'det gick bra', 'gick bra', 'det funkade', 'det fungerade', 'funkade', 'det löste sig',
  // no
  'jepp', 'jo', 'jada', 'javisst', 'ja takk', 'stemmer', 'det stemmer', 'riktig', 'helt riktig', 'korrekt', 'greit', 'det er greit',
  'ja det har jeg', 'det har jeg', 'har jeg', 'ja det hjalp', 'det hjalp', 'send', 'send inn', 'send den', 'ser bra ut', 'høres bra ut',
  'selvfølgelig', 'selvsagt', 'gjerne', 'jaha', 'ja gjerne', 'det gikk fint', 'gikk fint', 'det gikk bra', 'det fungerte', 'det virket',
  'det ordnet seg', 'jaggu', 'ja visst',
  // da
  'jep', 'jeps', 'javel', 'ja tak', 'det passer', 'passer', 'det er rigtigt', 'rigtigt', 'korrekt', 'helt rigtigt', 'fint', 'det er fint',
  'ja det har jeg', 'det har jeg', 'det hjalp', 'ja det hjalp', 'send', 'send den', 'ser godt ud', 'lyder godt', 'selvfølgelig', 'gerne',
  'ja gerne', 'klart', 'det gik fint', 'det virkede', 'det fungerede', 'det virker', 'jo da', 'jada',
  // fi
  'kyllä', 'joo', 'juu', 'jep', 'jepjep', 'kyl', 'kyllä vaan', 'joo kiitos', 'kyllä kiitos', 'pitää paikkansa', 'pitää', 'juuri niin',
  'just niin', 'oikein', 'aivan', 'totta', 'ok', 'okei', 'selvä', 'lähetä', 'lähetä se', 'joo lähetä', 'kyllä auttoi', 'auttoi',
  'joo auttoi', 'olen', 'olen ottanut', 'jees', 'oon', 'joo oon', 'oon ottanu', 'kyl oon', 'jep oon', 'joo on', 'on oikein', 'se on oikein',
  'kaikki oikein', 'kaikki ok', 'kaikki kunnossa', 'toimi', 'se toimi', 'nyt toimii',
  // de
  'ja', 'jawohl', 'jap', 'jo', 'genau', 'stimmt', 'das stimmt', 'richtig', 'korrekt', 'passt', 'passt so', 'alles richtig', 'alles korrekt',
  'okay', 'ok', 'gerne', 'ja bitte', 'ja danke', 'klar', 'sicher', 'natürlich', 'absolut', 'ja hat geholfen', 'hat geholfen', 'das hat geholfen',
  'ja habe ich', 'habe ich', 'hab ich', 'ja hab ich', 'abschicken', 'absenden', 'ja abschicken', 'schick es ab', 'senden', 'jau', 'jep',
  'jupp', 'hat geklappt', 'das hat geklappt', 'hat funktioniert', 'das hat funktioniert', 'stimmt so', 'ganz genau',
  // en
  'yes', 'yeah', 'yep', 'yup', 'yea', 'ya', 'sure', 'of course', 'correct', 'that is correct', "that's correct", 'thats correct', 'right',
  "that's right", 'thats right', 'exactly', 'ok', 'okay', 'fine', 'sounds good', 'looks good', 'looks right', 'all good', 'yes please',
  'yes thanks', 'yes it did', 'it did', 'yes that helped', 'that helped', 'it helped', 'yes i have', 'i have', 'i did', 'yes i did',
  'send it', 'send', 'submit', 'go ahead', 'go on', 'please do', 'confirm', 'confirmed', 'absolutely', 'definitely', 'indeed',
];

/** No, and phrases that say no ("inte än", "noch nicht", "ei vielä"). */
export const NO = [
  // sv
  'nej', 'nä', 'nää', 'nej tack', 'inte än', 'inte ännu', 'nej inte än', 'nej inte ännu', 'inte riktigt', 'nej det gjorde det inte',
  'det hjälpte inte', 'nej det hjälpte inte', 'hjälpte inte', 'har inte', 'jag har inte', 'nej det har jag inte', 'det har jag inte',
  'inte alls', 'nope', 'fel', 'stämmer inte', 'det stämmer inte', 'icke', 'nix', 'ej', 'ej än', 'näe', 'nähä', 'näh', 'nä du', 'nej då',
  'nä inte än', 'nä inte ännu', 'nä har inte', 'nä det har jag inte',
  // no
  'nei', 'nei takk', 'ikke ennå', 'ikke enda', 'nei ikke ennå', 'nei ikke enda', 'ikke helt', 'det hjalp ikke', 'nei det hjalp ikke',
  'hjalp ikke', 'har ikke', 'jeg har ikke', 'nei det har jeg ikke', 'det har jeg ikke', 'stemmer ikke', 'det stemmer ikke', 'neida',
  'ikke i det hele tatt', 'nope', 'næ', 'næh', 'nææ', 'nei da', 'nei du', 'nei ikkje', 'ikkje enno', 'ikkje ennå', 'nei ikkje enno',
  'har ikkje', 'eg har ikkje', 'niks',
  // da
  'nej', 'nej tak', 'ikke endnu', 'nej ikke endnu', 'ikke helt', 'det hjalp ikke', 'nej det hjalp ikke', 'har ikke', 'jeg har ikke',
  'nej det har jeg ikke', 'det har jeg ikke', 'passer ikke', 'det passer ikke', 'nix', 'næ', 'nå nej', 'overhovedet ikke', 'næh', 'nææ',
  'nej da', 'næ ikke endnu', 'næh ikke endnu', 'nope',
  // fi
  'ei', 'eip', 'en', 'ei kiitos', 'ei vielä', 'en vielä', 'ei ole', 'en ole', 'en ole vielä', 'ei auttanut', 'ei se auttanut', 'ei auta',
  'ei pidä paikkaansa', 'väärin', 'ei oikeastaan', 'ei ihan', 'ei todellakaan', 'en ottanut',
  // spoken Finnish: "oo" for "ole"
  'en oo', 'en oo vielä', 'ei oo', 'ei oo vielä', 'en oo ottanu', 'en oo soittanu', 'eipä', 'ei kiitti',
  // de
  'nein', 'nö', 'nee', 'ne', 'nein danke', 'noch nicht', 'nein noch nicht', 'nicht ganz', 'hat nicht geholfen', 'nein hat nicht geholfen',
  'das hat nicht geholfen', 'hab ich nicht', 'habe ich nicht', 'nein habe ich nicht', 'nein hab ich nicht', 'stimmt nicht',
  'das stimmt nicht', 'falsch', 'gar nicht', 'leider nicht', 'nicht wirklich', 'nöö', 'nee noch nicht', 'nö noch nicht', 'ne noch nicht',
  'nein hab ich noch nicht', 'hab ich noch nicht', 'habe ich noch nicht', 'noch gar nicht', 'nope',
  // en
  'no', 'nope', 'nah', 'no thanks', 'no thank you', 'not yet', 'no not yet', 'not really', "didn't help", 'didnt help', 'it did not help',
  'no it did not', "no it didn't", 'no it didnt', "it didn't", "that didn't help", "i haven't", 'i havent', 'i have not', "no i haven't",
  'no i havent', 'no i have not', "i didn't", 'no i did not', 'not quite', "that's wrong", 'thats wrong', 'wrong', 'incorrect',
  'not at all', 'negative', 'nah not yet', 'nope not yet', 'no i havent yet', "no i haven't yet", "haven't yet", 'havent yet', 'no way',
];

/** "I don't know" and "skip": a question the consumer cannot answer (the fact is left out). */
export const DONT_KNOW = [
  // sv
  'vet inte', 'jag vet inte', 'vet ej', 'ingen aning', 'minns inte', 'kommer inte ihåg', 'jag minns inte', 'hoppa över', 'skippa', 'osäker',
  'har ingen aning', 'vet inte riktigt',
  // no
  'vet ikke', 'jeg vet ikke', 'aner ikke', 'husker ikke', 'jeg husker ikke', 'hopp over', 'usikker', 'ingen anelse', 'veit ikkje', 'veit ikke',
  'eg veit ikkje', 'hugsar ikkje', 'husker ikkje', 'aner ikkje', 'veit ikkje heilt',
  // da
  'ved ikke', 'jeg ved ikke', 'aner det ikke', 'kan ikke huske', 'jeg kan ikke huske', 'spring over', 'ingen anelse',
  // fi
  'en tiedä', 'en tiiä', 'en muista', 'ei aavistustakaan', 'ohita', 'hyppää yli', 'en oo varma', 'en ole varma',
  // de
  'weiß nicht', 'weiss nicht', 'ich weiß nicht', 'ich weiss nicht', 'keine ahnung', 'weiß ich nicht', 'weiss ich nicht',
  'ich erinnere mich nicht', 'überspringen', 'nicht sicher',
  // en
  "don't know", 'dont know', 'i dont know', "i don't know", 'no idea', 'not sure', "can't remember", 'cant remember', "don't remember",
  'dont remember', 'skip', 'pass', 'dunno', 'no clue',
];

/** Thanks, on its own or with a yes ("tack!", "kiitos paljon", "danke schön"). */
export const THANKS = [
  'tack', 'tack så mycket', 'tackar', 'tack tack', 'stort tack', 'tusen tack', 'tack för hjälpen', 'tackar så mycket',
  'takk', 'tusen takk', 'takk for hjelpen', 'mange takk', 'takk skal du ha', 'takker',
  'tak', 'mange tak', 'tusind tak', 'tak for hjælpen', 'tak skal du have',
  'kiitos', 'kiitti', 'kiitos paljon', 'kiitos avusta', 'kiitoksia', 'kiitti paljon', 'kitos',
  'danke', 'danke schön', 'danke sehr', 'vielen dank', 'dankeschön', 'danke für die hilfe', 'merci',
  'thanks', 'thank you', 'thx', 'ty', 'thank you so much', 'thanks a lot', 'many thanks', 'cheers', 'thanks for the help',
  'tack för det', 'tack snälla', 'tackar tackar', 'takk for det', 'takk for hjelpa', 'takk for hjelpa di', 'tak for det', 'tak for hjælpen',
  'kiitos tosi paljon', 'kiitos kovasti', 'kiitos siitä', 'kiitti vaan', 'vielen lieben dank', 'lieben dank', 'danke dir', 'danke euch',
  'thanks for that', 'thanks a bunch', 'much appreciated', 'appreciate it',
];

/** Goodbyes ("hej då", "ha det", "moikka", "tschüss", "bye"). */
export const GOODBYE = [
  'hej då', 'hejdå', 'ha det bra', 'ha det', 'vi hörs', 'adjö', 'ha en bra dag', 'trevlig helg',
  'ha det bra', 'ha det godt', 'snakkes', 'farvel', 'ha en fin dag', 'god helg',
  'farvel', 'hav det godt', 'vi ses', 'hav en god dag', 'hav en fortsat god dag', 'ha en god dag', 'ha en fin kveld', 'ha en god kveld', 'god kveld videre',
  'moi moi', 'näkemiin', 'nähdään', 'hyvää päivänjatkoa', 'kuulemiin', 'hei sitten',
  'tschüss', 'tschüs', 'auf wiedersehen', 'ciao', 'bis dann', 'schönen tag noch', 'mach es gut', 'servus', 'tschö', 'tschau', 'bis bald',
  "mach's gut", 'machs gut', 'schönes wochenende', 'ha det fint', 'ha det så lenge',
  'bye', 'goodbye', 'bye bye', 'see you', 'have a nice day', 'have a good day', 'take care', 'cya',
  'ha de gött', 'ha det gött', 'ha en trevlig kväll', 'ha en skön dag', 'ha en fin dag videre', 'ha en fin kväll', 'god natt', 'ha det fint videre',
  'hav en god aften', 'hav en dejlig dag', 'hyvää jatkoa', 'hyvää illanjatkoa', 'hyvää viikonloppua', 'hyvää päivää', 'moikka moikka', 'heippa heippa',
  'schönen abend', 'schönen abend noch', 'einen schönen abend', 'noch einen schönen abend', 'einen schönen tag', 'noch einen schönen tag', 'gute nacht',
  'have a great day', 'have a good one', 'good night', 'have a nice evening', 'have a good evening',
];

/** Greetings ("hej", "moi", "hallo", "good morning"). */
/**
 * "It sorted itself out": a consumer who takes leave after saying they no longer need help
 * ("äh jag löste det själv. tack, hej då!", "never mind, figured it out. thanks, bye!").
 */
export const RESOLVED_ON_THEIR_OWN = [
  'löste det', 'löst det', 'löste sig', 'löst sig', 'ordnat sig', 'ordnade sig', 'det var allt', 'det var det', 'inget mer', 'ingenting mer', 'glöm det', 'strunt samma',
  'ordnet seg', 'ordna seg', 'løste det', 'løst det', 'løste seg', 'det var alt', 'ikke noe mer', 'ikkje noko meir', 'glem det', 'samme det',
  'ordnet sig', 'løste sig', 'ikke mere', 'ikke andet', 'det er fint nok',
  'selvisi', 'selvis', 'hoitui', 'ratkesi', 'ei mitään', 'ei mitaan', 'ei muuta', 'unohda', 'ei se mitään', 'sain sen', 'ei tässä muuta', 'ei muuta tällä kertaa',
  'selvisi jo', 'selvisi jo itse', 'fant ut av det', 'fant ut av det selv', 'egentlig ingenting', 'fandt ud af det', 'kom på det själv', 'fick ordning på det',
  'hat sich erledigt', 'erledigt', 'hat sich geklärt', 'das wars', "das war's", 'das war es', 'nichts mehr', 'vergiss es', 'schon gut', 'hab es selbst',
  'never mind', 'nevermind', 'figured it out', 'worked it out', 'sorted it', 'sorted now', "that's all", 'thats all', 'nothing else', 'all good',
  'forget it', 'solved it', 'fixed it',
];

/**
 * "Now I get it", "that was all": a consumer who says they understood or are done, said beside a
 * thanks or a goodbye ("tack för hjälpen, nu fattar jag", "danke dir, echt nett", "okei se oli
 * siinä, hei hei"). On their own they are no matter to answer.
 */
export const UNDERSTOOD = [
  'nu fattar jag', 'nu förstår jag', 'jag förstår', 'jag fattar', 'då fattar jag', 'då vet jag', 'nu vet jag', 'det var allt', 'det var det', 'toppen då',
  'nå skjønner jeg', 'jeg skjønner', 'skjønner', 'nå forstår jeg', 'jeg forstår', 'da vet jeg', 'nå vet jeg', 'det var alt', 'eg skjønar', 'skjønar', 'då veit eg',
  'nu forstår jeg', 'forstår', 'så ved jeg det', 'nu ved jeg', 'det var alt', 'det var det hele',
  'nyt ymmärrän', 'ymmärrän', 'ymmärsin', 'selvä homma', 'se oli siinä', 'siinä kaikki', 'nyt tiedän', 'tajusin', 'nyt tajuun', 'okei selvä', 'nyt selvis',
  'jetzt verstehe ich', 'ich verstehe', 'verstehe', 'verstanden', 'jetzt weiß ich bescheid', 'jetzt weiß ich', 'das war alles', 'echt', 'wirklich',
  'sehr hilfreich', 'hilfreich', 'hat geholfen',
  'now i get it', 'i get it', 'got it', 'i see', 'that makes sense', 'makes sense', 'understood', 'i understand', 'that was all', 'that was it',
  'all clear', 'really', 'very helpful', 'helpful', 'that helps',
];

/** "It was not me": words that disown a purchase, which a disagreement with a shop never says. */
export const NOT_MY_PURCHASE = [
  'inte jag', 'inte min', 'inte mitt', 'inte mina', 'inte beställt', 'aldrig beställt', 'inte köpt', 'aldrig köpt', 'känner inte igen', 'vet inte vad',
  'ikke meg', 'ikke min', 'ikke mitt', 'ikke bestilt', 'aldri bestilt', 'ikke kjøpt', 'aldri kjøpt', 'kjenner ikke igjen', 'vet ikke hva',
  'ikke mig', 'ikke bestilt', 'aldrig bestilt', 'ikke købt', 'aldrig købt', 'kan ikke genkende', 'genkender ikke', 'ved ikke hvad',
  'en ole tilannut', 'en tilannut', 'en ole ostanut', 'en ostanut', 'en tunnista', 'en tunne', 'ei ollut minä', 'en ole käynyt', 'en oo käyny',
  'nicht ich', 'nicht bestellt', 'nie bestellt', 'nicht gekauft', 'nie gekauft', 'kenne ich nicht', 'kenne nicht', 'weiß nicht was',
  'not me', "wasn't me", 'wasnt me', 'not mine', "didn't order", 'didnt order', 'never ordered', "didn't buy", 'didnt buy', 'never bought',
  "don't recognise", "don't recognize", 'dont recognise', 'dont recognize', 'never heard of', 'fraud', 'bedrägeri', 'svindel', 'petos', 'betrug',
];

/**
 * The consumer asks for their case to go higher: a complaint about how it is handled ("jag vill
 * klaga", "ich möchte mich beschweren", "escalate this", "I want a final statement").
 */
export const WANTS_ESCALATION = [
  'vill klaga', 'klaga på', 'göra en klagomål', 'lämna ett klagomål', 'klagomål', 'eskalera', 'eskalerat', 'slutligt besked', 'slutgiltigt besked', 'formellt klagomål',
  'vil klage', 'klage på', 'klage på behandlingen', 'en klage', 'eskalere', 'eskalert', 'endelig svar', 'endelig avgjørelse', 'formell klage',
  'vil klage', 'klage over', 'indgive en klage', 'en klage', 'eskaleret', 'endeligt svar', 'endelig afgørelse',
  'haluan valittaa', 'haluan tehdä valituksen', 'tehdä valitus', 'valitus', 'valittaa', 'eskaloida', 'eskaloikaa', 'lopullinen vastaus', 'lopullinen päätös',
  'mich beschweren', 'beschwerde einlegen', 'eine beschwerde', 'beschwerde', 'eskalieren', 'eskaliert', 'abschließende stellungnahme', 'endgültige antwort', 'endgültige entscheidung',
  'want to complain', 'make a complaint', 'file a complaint', 'formal complaint', 'a complaint', 'escalate', 'escalated', 'final statement', 'final answer', 'final decision',
  'slutligt svar', 'slutgiltigt svar', 'slutligt beslut', 'endelig beskjed', 'lopullisen vastauksen', 'lopullisen päätöksen', 'abschließende antwort', 'final response',
];

/** Of those, the ones that ask for the company's final statement itself (a deadline, not another team). */
export const WANTS_FINAL_STATEMENT = [
  'slutligt besked', 'slutgiltigt besked', 'slutligt svar', 'slutgiltigt svar', 'slutligt beslut',
  'endelig svar', 'endelig avgjørelse', 'endelig beskjed', 'endeligt svar', 'endelig afgørelse',
  'lopullinen vastaus', 'lopullinen päätös', 'lopullisen vastauksen', 'lopullisen päätöksen',
  'abschließende stellungnahme', 'abschließende antwort', 'endgültige antwort', 'endgültige entscheidung',
  'final statement', 'final answer', 'final decision', 'final response',
];

export const GREETINGS = [
  'hej', 'hejsan', 'hallå', 'tjena', 'tja', 'god morgon', 'god dag', 'god kväll', 'hej hej',
  'hei', 'heisann', 'hallo', 'god morgen', 'god kveld', 'morn', 'halla',
  'hej', 'hejsa', 'goddag', 'godmorgen', 'god aften', 'dav',
  'moi', 'hei', 'terve', 'moikka', 'hyvää huomenta', 'hyvää päivää', 'päivää', 'heippa', 'moro',
  'hallo', 'hi', 'guten tag', 'guten morgen', 'guten abend', 'moin', 'servus', 'grüß gott', 'hallöchen',
  'hello', 'hi', 'hey', 'hiya', 'good morning', 'good afternoon', 'good evening', 'hi there', 'hello there',
];

/**
 * Openers of a correction in the middle of a flow ("nej vänta, det var 499 kr", "no wait",
 * "nein warte", "ei kun"). A correction changes the fact it names and nothing else.
 */
export const CORRECTION_OPENERS = [
  'nej vänta', 'vänta', 'förlåt', 'ursäkta', 'oj', 'hoppsan', 'fel', 'det blev fel', 'nej förresten', 'förresten', 'rättelse',
  'nei vent', 'vent', 'unnskyld', 'oi', 'oops', 'feil', 'nei forresten', 'forresten', 'rettelse',
  'nej vent', 'undskyld', 'ups', 'forkert', 'nej for resten', 'rettelse',
  'ei kun', 'ei vaan', 'hetkinen', 'anteeksi', 'sori', 'korjaus', 'oho', 'väärin', 'itse asiassa',
  'nein warte', 'warte', 'moment', 'sorry', 'entschuldigung', 'hoppla', 'korrektur', 'eigentlich', 'nein moment',
  'no wait', 'wait', 'sorry', 'oops', 'actually', 'correction', 'my mistake', 'my bad', 'no sorry',
];

/** What introduces a shop's name in an answer ("det var hos X", "the shop is called X"). */
export const SHOP_LEAD_INS = [
  // sv
  'butiken heter', 'affären heter', 'butiken hette', 'det var hos', 'det var på', 'det var från', 'det var', 'den var från', 'köpet var från',
  'köpet var hos', 'jag handlade på', 'jag handlade hos', 'jag handlade från', 'handlade på', 'handlade hos', 'hos', 'från', 'på', 'till',
  'företaget heter', 'namnet är', 'den heter', 'det heter', 'det står', 'står det', 'det stod', 'står', 'stod', 'på fakturan står det',
  // no
  'butikken heter', 'butikken het', 'det var hos', 'det var fra', 'det var på', 'det var', 'kjøpet var fra', 'jeg handlet på', 'jeg handlet hos',
  'handlet på', 'handlet hos', 'fra', 'til', 'firmaet heter', 'navnet er', 'den heter', 'det står', 'det sto', 'det stod', 'sto', 'på regningen står det',
  // da
  'butikken hedder', 'butikken hed', 'det var hos', 'det var fra', 'det var på', 'det var', 'købet var fra', 'jeg handlede hos', 'jeg handlede på',
  'handlede hos', 'handlede på', 'firmaet hedder', 'navnet er', 'den hedder', 'det hedder', 'der står', 'der stod', 'det står',
  // fi
  'kaupan nimi on', 'kauppa on', 'kauppa oli', 'se oli', 'ostin sen', 'ostos oli', 'firman nimi on', 'nimi on', 'lukee', 'siinä lukee',
  'laskussa lukee', 'siinä on', 'laskussa on',
  // de
  'der shop heißt', 'der laden heißt', 'der händler heißt', 'der shop hieß', 'es war bei', 'es war von', 'es war', 'das war bei', 'das war von',
  'das war', 'gekauft bei', 'ich habe bei', 'bestellt bei', 'bei', 'von', 'vom', 'beim', 'die firma heißt', 'der name ist', 'da steht',
  'es steht', 'steht', 'da stand', 'auf der rechnung steht',
  // en
  'some shop called', 'a shop called', 'a store called', 'some store called', 'a company called', 'some company called', 'shop called',
  'store called', "it's called", 'its called', 'it is called', 'called', 'named', 'en butik som heter', 'butik som heter', 'som heter',
  'en butikk som heter', 'butikk som heter', 'en butik der hedder', 'som hedder', 'der hedder', 'ein shop namens', 'ein laden namens', 'namens',
  'der heißt', 'nimeltä', 'jonka nimi on', 'the shop is called', 'the store is called', 'the shop was called', 'the store was called', 'the merchant is', 'the shop is', 'the store is',
  'it was from', 'it was at', 'it was', 'it is', "it's", 'its', 'bought it from', 'bought it at', 'i bought it from', 'i bought it at',
  'ordered from', 'from', 'at', 'to', 'the company is called', 'the name is', 'it says', 'says', 'the invoice says', 'it said',
];

/** Words around a name that are not part of it ("tror jag", "I think", "glaub ich"). */
export const SHOP_TRAILERS = [
  'tror jag', 'tror jeg', 'tror det', 'kanske', 'kanskje', 'måske', 'luulen', 'ehkä', 'kai', 'glaub ich', 'glaube ich', 'ich glaube',
  'vermutlich', 'wahrscheinlich', 'i think', 'i guess', 'maybe', 'probably', 'apparently', 'tydligen', 'visst', 'visstnok', 'vist',
  'butiken', 'butikken', 'kaupasta', 'webbutiken', 'nettbutikken', 'online', 'onlineshop', 'nettbutik', 'verkkokaupasta',
];

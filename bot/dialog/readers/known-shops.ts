// Shops consumers in our markets often name, so that an inflected or re-spelt name finds its
// usual form: Finnish writes case endings into names ("Verkkokaupasta", "Gigantilla",
// "Tokmannilta") and grades their consonants (Verkkokauppa -> Verkkokaupasta), which no rule
// undoes for every name. A shop not listed is read by the rules in shop.ts and kept as typed.
// This is a reading aid, not the merchant registry: it decides no merchant's identity.
import { foldForIntent } from '../../../intents/normalise.ts';

const SHOPS = [
  // Nordic
  'Zalando',
  'Verkkokauppa.com',
  'Gigantti',
  'Prisma',
  'Stockmann',
  'Tokmanni',
  'K-Citymarket',
  'Motonet',
  'Clas Ohlson',
  'Power',
  'Jysk',
  'IKEA',
  'H&M',
  'Lindex',
  'KappAhl',
  'Ellos',
  'Boozt',
  'Nelly',
  'Bubbleroom',
  'CDON',
  'Elgiganten',
  'Elkjøp',
  'Komplett',
  'Sport 1',
  'Apotek 1',
  'NetOnNet',
  'Webhallen',
  'Inet',
  'Dustin',
  'Proshop',
  'Apotea',
  'Apoteket',
  'Lyko',
  'Adlibris',
  'Bokus',
  'Jollyroom',
  'Babyland',
  'Stadium',
  'XXL',
  'Intersport',
  'Biltema',
  'Jula',
  'Bauhaus',
  'Byggmax',
  'Mio',
  'Jotex',
  'Rusta',
  'Åhléns',
  'Gina Tricot',
  'Cubus',
  'Dressmann',
  'Europris',
  'Coolshop',
  'Nille',
  'Norli',
  'Outnorth',
  'Naturkompaniet',
  'Partioaitta',
  'Halonen',
  'Sokos',
  'Hobby Hall',
  'K-Rauta',
  'Halpahalli',
  'Puuilo',
  'Kärkkäinen',
  'Musti ja Mirri',
  'Matas',
  'Føtex',
  'Bilka',
  'Magasin',
  'Illum',
  'Normal',
  'Søstrene Grene',
  'Flying Tiger',
  'Elsalg',
  'Skousen',
  'Kjell & Company',
  'Cervera',
  'Stayhard',
  'Junkyard',
  'Sportamore',
  'Nordicfeel',
  'Bangerhead',
  'Cocopanda',
  'Zooplus',
  'Arket',
  'Desenio',
  'Ginatricot',
  'Tiger of Sweden',
  'Marimekko',
  'Finlayson',
  'Alko',
  'Veikon Kone',
  'Expert',
  'Punkt1',
  'Elon',
  // German-speaking and global
  'MediaMarkt',
  'Saturn',
  'Otto',
  'About You',
  'Amazon',
  'Shein',
  'Temu',
  'AliExpress',
  'eBay',
  'Wish',
  'Apple',
  'Samsung',
  'Lidl',
  'Aldi',
  'Tchibo',
  'Douglas',
  'dm',
  'Rossmann',
  'Thalia',
  'Cyberport',
  'Alternate',
  'notebooksbilliger',
  'Conrad',
  'Lieferando',
  'Foodora',
  'Wolt',
  'Galeria',
  'Breuninger',
  'Bonprix',
  'Baur',
  'Hornbach',
  'OBI',
  'Decathlon',
  'Nike',
  'Adidas',
  'Asos',
  'Zara',
  'Mango',
  'Uniqlo',
  'Booking.com',
  'Spotify',
  'Netflix',
  'Microsoft',
  'Steam',
  'Sony',
  'Nintendo',
  'Vinted',
  'Etsy',
  'Wayfair',
];

function key(name: string): string {
  return foldForIntent(name).replace(/[^a-z0-9&]/g, '');
}

const BY_KEY: ReadonlyMap<string, string> = new Map(
  SHOPS.flatMap((name) => {
    const keys = [key(name)];
    // "Verkkokauppa.com" is also written "Verkkokauppa"; "K-Citymarket" also "Citymarket".
    if (name.includes('.')) keys.push(key(name.split('.')[0]!));
    if (name.startsWith('K-')) keys.push(key(name.slice(2)));
    return keys.map((k) => [k, name] as const);
  }),
);

// Every start of a listed name's key: a name of several words can only begin with a word whose key is one.
const KEY_STARTS: ReadonlySet<string> = new Set(
  [...BY_KEY.keys()].flatMap((k) => Array.from({ length: k.length + 1 }, (_, n) => k.slice(0, n))),
);

/** Whether a listed name of several words could begin with `word` (false rules it out; true is only maybe). */
export function mayBeginListedName(word: string): boolean {
  return KEY_STARTS.has(key(word));
}

/** The usual spelling of a listed shop ("zalando" -> "Zalando", "mediamarkt" -> "MediaMarkt"). */
export function knownShop(name: string): string | undefined {
  // "zalando.se", "elgiganten.dk": the shop's own domain names the shop.
  const bare = name.replace(/\.(?:se|no|dk|fi|de|at|ch|com|net|eu|nu|co\.uk|uk)$/iu, '');
  return BY_KEY.get(key(name)) ?? BY_KEY.get(key(bare));
}

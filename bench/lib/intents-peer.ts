// The benchmark's peer: NLP.js (npm node-nlp) trained on the same corpus, one language per
// document. Its loggers are silenced: it warns on stdout about utterances made of stop words.
import { NlpManager } from 'node-nlp';
import { LANGUAGES, type Language } from '../../intents/labels.ts';

const quiet = { trace() {}, debug() {}, info() {}, log() {}, warn() {}, error() {}, fatal() {} };

export function createPeer(): NlpManager {
  const manager = new NlpManager({ languages: [...LANGUAGES], nlu: { log: false }, autoSave: false, autoLoad: false });
  manager.container.register('logger', quiet);
  return manager;
}

export interface PeerDocument {
  text: string;
  intent: string;
  language: Language;
}

export async function trainPeer(documents: readonly PeerDocument[]): Promise<NlpManager> {
  const manager = createPeer();
  for (const d of documents) manager.addDocument(d.language, d.text, d.intent);
  await manager.train();
  return manager;
}

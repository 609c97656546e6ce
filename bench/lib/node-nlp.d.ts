// node-nlp ships no type declarations; the benchmark uses this much of its NlpManager.
declare module 'node-nlp' {
  interface NlpResult {
    intent: string;
    score: number;
    locale: string;
  }
  export class NlpManager {
    constructor(settings: Record<string, unknown>);
    container: { register(name: string, instance: unknown, isSingleton?: boolean): void };
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<void>;
    process(locale: string, utterance: string): Promise<NlpResult>;
    export(minified?: boolean): string;
    import(data: string): void;
  }
}

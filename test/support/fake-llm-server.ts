// A local OpenAI-compatible endpoint that misbehaves, for the service run as a child process
// (OPENAI_BASE_URL = `baseUrl`): 'hang' takes the request and never answers; 'slow' answers a
// well-formed verdict after `delayMs`. For an endpoint that refuses connections, use
// `refusingBaseUrl()`: a free port nothing listens on.
import { createServer, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import { freePort } from './process.ts';

export interface FakeLlmServer {
  baseUrl: string;
  /** Chat-completion requests received so far. */
  requests(): number;
  close(): Promise<void>;
}

export async function startFakeLlm(
  options: { mode: 'hang' } | { mode: 'slow'; delayMs: number; intent?: string },
): Promise<FakeLlmServer> {
  let requests = 0;
  const open = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    req.resume();
    if (!req.url?.endsWith('/chat/completions')) {
      res.writeHead(404).end();
      return;
    }
    requests++;
    open.add(res);
    res.on('close', () => open.delete(res));
    if (options.mode === 'hang') return;
    const verdict = { intent: options.intent ?? 'other', confidence: 0.9, language: 'und' };
    setTimeout(() => {
      if (res.destroyed) return;
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id: 'chatcmpl-fake',
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: 'fake',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: JSON.stringify(verdict), refusal: null },
              finish_reason: 'stop',
              logprobs: null,
            },
          ],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        }),
      );
    }, options.delayMs).unref();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests: () => requests,
    async close() {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An OpenAI base URL whose port refuses every connection. */
export async function refusingBaseUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}/v1`;
}

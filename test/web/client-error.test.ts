// A request Node's HTTP parser refuses before express sees it still gets the service's error
// body: headers over Node's 16 kB, a request line that is not HTTP.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpService, type HttpService } from '../../bot/http.ts';
import { createLogger } from '../../bot/log.ts';
import type { Db } from '../../db/index.ts';

let http: HttpService;
let port: number;

beforeAll(async () => {
  http = createHttpService({
    db: { kind: 'pglite', ping: async () => {} } as unknown as Db,
    log: createLogger('silent'),
  });
  port = await http.listen(0, '127.0.0.1');
});
afterAll(() => http.stop(1_000));

function raw(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));

describe("requests Node's parser refuses", () => {
  it('headers over 16 kB: 431 with the error body', async () => {
    const answer = await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(bodyOf(answer)).toEqual({ error: { code: 'headers_too_large', message: expect.any(String) } });
  });

  it('a request line that is not HTTP: 400 with the error body', async () => {
    const answer = await raw('HELLO THERE\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(bodyOf(answer)).toEqual({ error: { code: 'invalid_request', message: expect.any(String) } });
  });

  it('and the server goes on answering', async () => {
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });
});

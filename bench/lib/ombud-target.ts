// The real service as a chat target for the load generator: a session over HTTP, then the
// widget's websocket with the session's token, each consumer from a loopback address of its own.
import { randomBytes } from 'node:crypto';
import { type ChatTarget, loopbackAddress, openSocket, requestJson } from './chat-load.ts';
import { type Child, freePort, startNodeChild, waitUntil } from './child-process.ts';

/**
 * The service as `npm start` runs it (`node --import tsx bot/main.ts`) on a free port with its
 * own session secret and warnings-only logs, `env` naming its database. `ready()` resolves once
 * /readyz answers 200 (a memory watch may start before it, to see the start-up too).
 */
export async function startOmbud(
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<{ service: Child; port: number; ready(): Promise<void> }> {
  const port = await freePort();
  const service = startNodeChild(
    'bot/main.ts',
    { ...env, PORT: String(port), SESSION_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn' },
    nodeArgs,
  );
  const ready = () =>
    waitUntil(
      service,
      () =>
        fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.status === 200,
          () => false,
        ),
      'the service did not become ready',
    );
  return { service, port, ready };
}

export interface Session {
  user: string;
  token: string;
}

export function ombudTarget(port: number): ChatTarget & {
  session(index: number): Promise<Session>;
  socket(index: number, session: Session): ReturnType<ChatTarget['connect']>;
} {
  const base = `http://127.0.0.1:${port}`;
  const session = async (index: number) => {
    const { status, body } = await requestJson<Session>(`${base}/api/chat/session`, {
      method: 'POST',
      localAddress: loopbackAddress(index),
    });
    if (status !== 201) throw new Error(`POST /api/chat/session answered ${status}: ${JSON.stringify(body)}`);
    return body;
  };
  const socket = async (index: number, { token }: Session) => ({
    ws: await openSocket(`ws://127.0.0.1:${port}/ws?token=${encodeURIComponent(token)}`, loopbackAddress(index)),
    frame: (text: string) => JSON.stringify({ type: 'message', text }),
  });
  return {
    typing: true,
    session,
    socket,
    connect: async (index) => socket(index, await session(index)),
  };
}

// The real service as a chat target for the load generator: a session over HTTP, then the
// widget's websocket with the session's token, each consumer from a loopback address of its own.
import { type ChatTarget, loopbackAddress, openSocket, requestJson } from './chat-load.ts';

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

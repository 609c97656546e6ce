// Botkit's web adapter with the websocket it should have had: authenticated when it connects,
// and the user of every frame taken from the session, never from the frame.
//
// Why a subclass: the stock adapter records `clients[message.user] = ws` for whatever user id
// a frame claims, before any Botkit middleware runs, so a second socket claiming someone else's
// id receives that consumer's replies (docs/stack.md). Here the upgrade to `/ws?token=...` is
// verified first (401 otherwise; 403 from a page on an origin the HTTP API would refuse too), the
// socket belongs to the session's user for its whole life, a frame that claims another user is
// refused, and replies go only to that user's own sockets (several tabs are several sockets).
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ActivityTypes, TurnContext, type Activity, type ResourceResponse } from 'botbuilder';
import { WebAdapter } from 'botbuilder-adapter-web';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { z } from 'zod';
import { originAllowed } from '../origin.ts';

export const MAX_MESSAGE_CHARS = 2_000;
/** PostgreSQL text cannot hold U+0000: a message carrying one is refused at the door, not failed in the database. */
export const hasNul = (value: string | undefined): boolean => value !== undefined && value.includes('\u0000');
/** Frames past this size are cut off by ws itself (close code 1009) before they are parsed. */
const MAX_FRAME_BYTES = 32 * 1024;
const HEARTBEAT_MS = 30_000;

/** What a client may send: Botkit's message frame. `user`, if present, must be the session's. */
const InboundFrame = z.object({
  type: z.literal('message'),
  text: z.string(),
  user: z.string().optional(),
  clientMessageId: z.string().max(100).optional(),
});

export type SocketAuthentication =
  | { ok: true; user: string; locale?: string }
  | { ok: false; code: string; message: string };

export interface AuthenticatedWebAdapterOptions {
  server: Server;
  /** The websocket path (the contract: `/ws`). */
  path?: string;
  authenticate(token: string | null): SocketAuthentication;
  /**
   * Origins whose pages may open the socket (ALLOWED_ORIGINS), besides the page's own host: the
   * same rule as the HTTP API's (bot/origin.ts). Apps send no Origin and are not asked.
   */
  allowedOrigins: readonly string[];
  /** Called for refused upgrades and frames, for logs (no token, no text: codes only). */
  onRefused?(what: { code: string; user?: string }): void;
}

interface UserSocket extends WebSocket {
  ombudUser: string;
  alive: boolean;
}

export class AuthenticatedWebAdapter extends WebAdapter {
  private readonly sockets = new Map<string, Set<UserSocket>>();
  private socketServer?: WebSocketServer;
  private heartbeat?: NodeJS.Timeout;
  private upgradeListener?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  private readonly presenceListeners = new Set<(user: string, connected: boolean) => void>();

  constructor(private readonly options: AuthenticatedWebAdapterOptions) {
    super();
  }

  /** Replaces the stock socket server (Botkit calls this when it boots); `server` comes from our options. */
  override createSocketServer(
    _server: unknown,
    _socketOptions: unknown,
    logic: (context: TurnContext) => Promise<void>,
  ): void {
    const path = this.options.path ?? '/ws';
    const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
    this.socketServer = wss;
    this.upgradeListener = (req, socket, head) => {
      const url = upgradeUrl(req.url);
      if (!url || url.pathname !== path) {
        refuseUpgrade(socket, 404, 'not_found', 'There is no websocket here.');
        return;
      }
      const origin = req.headers.origin;
      if (origin !== undefined && !originAllowed(this.options.allowedOrigins, origin, req)) {
        this.options.onRefused?.({ code: 'origin_not_allowed' });
        refuseUpgrade(
          socket,
          403,
          'origin_not_allowed',
          `Pages on ${origin} may not use this chat; ask the operator to add it to ALLOWED_ORIGINS.`,
        );
        return;
      }
      const auth = this.options.authenticate(url.searchParams.get('token'));
      if (!auth.ok) {
        this.options.onRefused?.({ code: auth.code });
        refuseUpgrade(socket, 401, auth.code, auth.message);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws as UserSocket, auth.user, logic, auth.locale));
    };
    this.options.server.on('upgrade', this.upgradeListener);
    // Our own heartbeat, with a handle we keep, so that close() really stops it.
    this.heartbeat = setInterval(() => {
      for (const ws of wss.clients as Set<UserSocket>) {
        if (!ws.alive) {
          ws.terminate();
          continue;
        }
        ws.alive = false;
        ws.ping();
      }
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private accept(ws: UserSocket, user: string, logic: (context: TurnContext) => Promise<void>, locale?: string) {
    ws.ombudUser = user;
    ws.alive = true;
    let mine = this.sockets.get(user);
    const first = !mine;
    if (!mine) this.sockets.set(user, (mine = new Set()));
    mine.add(ws);
    if (first) this.presenceChanged(user, true);
    // One turn at a time per socket: a consumer's messages are stored and answered in the order
    // they were written, however quickly they come.
    let turns: Promise<void> = Promise.resolve();
    ws.on('pong', () => (ws.alive = true));
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      mine.delete(ws);
      if (mine.size === 0 && this.sockets.get(user) === mine) {
        this.sockets.delete(user);
        this.presenceChanged(user, false);
      }
    });
    ws.on('message', (data: RawData) => {
      const frame = parseFrame(data);
      if (!frame.ok) {
        this.options.onRefused?.({ code: frame.code, user });
        sendFrame(ws, { type: 'error', error: { code: frame.code, message: frame.message } });
        return;
      }
      if (frame.value.user !== undefined && frame.value.user !== user) {
        this.options.onRefused?.({ code: 'user_mismatch', user });
        sendFrame(ws, {
          type: 'error',
          error: { code: 'user_mismatch', message: 'This connection belongs to another user.' },
        });
        return;
      }
      const activity: Partial<Activity> = {
        timestamp: new Date(),
        channelId: 'websocket',
        conversation: { id: user } as Activity['conversation'],
        from: { id: user, name: user },
        recipient: { id: 'bot', name: 'bot' },
        channelData: { clientMessageId: frame.value.clientMessageId, locale },
        text: frame.value.text,
        type: ActivityTypes.Message,
      };
      const context = new TurnContext(this, activity);
      turns = turns.then(() =>
        this.runMiddleware(context, logic).catch(() => {
          sendFrame(ws, {
            type: 'error',
            error: { code: 'internal_error', message: 'Something went wrong on our side; your message is saved.' },
          });
        }),
      );
    });
  }

  /** Replies of a websocket turn go to every open socket of the turn's user; webhook turns as Botkit does. */
  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    if (context.activity.channelId !== 'websocket') return super.sendActivities(context, activities);
    for (const activity of activities) {
      this.sendToUser(context.activity.from.id, toFrame(activity));
    }
    return [];
  }

  /** Sends a frame to every open socket of `user` (an agent's reply, a case update); returns how many got it. */
  sendToUser(user: string, message: unknown): number {
    return this.sendAllToUser(user, [message]);
  }

  /**
   * Sends a turn's frames to every open socket of `user`, each socket's frames in one write:
   * the socket is corked while they are queued (bench:chat: a write per bubble was a write
   * system call per bubble). Returns how many sockets got them.
   */
  sendAllToUser(user: string, messages: readonly unknown[]): number {
    let delivered = 0;
    for (const ws of this.sockets.get(user) ?? []) {
      if (ws.readyState !== ws.OPEN) continue;
      const socket = (ws as unknown as { _socket?: Duplex })._socket;
      socket?.cork();
      try {
        for (const message of messages) sendFrame(ws, message);
      } finally {
        socket?.uncork();
      }
      delivered += 1;
    }
    return delivered;
  }

  /** Whether `user` has an open socket on this process (the base class read the unsafe shared map). */
  override isConnected(user: string): boolean {
    return (this.sockets.get(user)?.size ?? 0) > 0;
  }

  /** The users with an open socket on this process. */
  connectedUsers(): string[] {
    return [...this.sockets.keys()];
  }

  /**
   * Called when a user's first socket on this process opens and when their last one closes (the
   * presence other replicas read, bot/web/away.ts). Returns the way to stop listening.
   */
  onPresenceChange(listener: (user: string, connected: boolean) => void): () => void {
    this.presenceListeners.add(listener);
    return () => this.presenceListeners.delete(listener);
  }

  private presenceChanged(user: string, connected: boolean): void {
    for (const listener of this.presenceListeners) listener(user, connected);
  }

  /** One of `user`'s sockets (the base class read the unsafe shared map). */
  override getConnection(user: string): ReturnType<WebAdapter['getConnection']> {
    const first = this.sockets.get(user)?.values().next().value;
    if (!first) throw new Error(`user ${user} is not connected`);
    // The base class types its nested copy of ws; the socket is the same kind of object.
    return first as unknown as ReturnType<WebAdapter['getConnection']>;
  }

  /** Closes every socket and stops listening for upgrades (graceful shutdown). */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    if (this.upgradeListener) this.options.server.off('upgrade', this.upgradeListener);
    for (const ws of this.socketServer?.clients ?? []) ws.close(1001, 'server shutting down');
    await new Promise<void>((resolve) => (this.socketServer ? this.socketServer.close(() => resolve()) : resolve()));
  }
}

function parseFrame(
  data: RawData,
): { ok: true; value: z.infer<typeof InboundFrame> } | { ok: false; code: string; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(data.toString());
  } catch {
    return {
      ok: false,
      code: 'invalid_frame',
      message: 'A frame must be a JSON object like {"type": "message", "text": "..."}.',
    };
  }
  const parsed = InboundFrame.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      code: 'invalid_frame',
      message: 'A frame must be a JSON object like {"type": "message", "text": "..."}.',
    };
  }
  if (hasNul(parsed.data.text) || hasNul(parsed.data.clientMessageId)) {
    return { ok: false, code: 'invalid_frame', message: 'A message may not contain NUL characters.' };
  }
  const text = parsed.data.text.trim();
  if (text.length === 0) return { ok: false, code: 'empty_message', message: 'The message is empty.' };
  if (text.length > MAX_MESSAGE_CHARS) {
    return {
      ok: false,
      code: 'message_too_long',
      message: `A message may be at most ${MAX_MESSAGE_CHARS} characters.`,
    };
  }
  return { ok: true, value: { ...parsed.data, text } };
}

/** An outgoing activity as the widget reads it: Botkit's frame (channelData fields on top). */
function toFrame(activity: Partial<Activity>): Record<string, unknown> {
  return { type: activity.type, text: activity.text, ...(activity.channelData ?? {}) };
}

function sendFrame(ws: WebSocket, message: unknown): boolean {
  if (ws.readyState !== ws.OPEN) return false;
  ws.send(JSON.stringify(message));
  return true;
}

const REASONS = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' } as const;

function refuseUpgrade(socket: Duplex, status: keyof typeof REASONS, code: string, message: string) {
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status]}\r\n` +
      'Content-Type: application/json\r\nConnection: close\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * The path and query of an upgrade request, or undefined for a request target that is not an
 * origin-form path ("/ws?token=..."). `new URL` throws on targets such as "//a:b/ws" (read as a
 * host with a bad port), and a throw in an 'upgrade' listener ends the process.
 */
export function upgradeUrl(target: string | undefined): URL | undefined {
  if (!target || !target.startsWith('/') || target.startsWith('//')) return undefined;
  try {
    return new URL(target, 'http://localhost');
  } catch {
    return undefined;
  }
}

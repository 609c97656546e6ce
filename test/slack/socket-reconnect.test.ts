// Socket mode with Slack away: the desk starts at once while every Web API call is refused
// (connection refused), says it is connecting, opens the socket once Slack answers, and when the
// socket drops later it says so and opens a new one by itself, with the desk's backoff.
import nock from 'nock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { notifyInTransaction } from '../../db/index.ts';
import { createLogger } from '../../bot/log.ts';
import { startSlackDesk, type SlackDesk } from '../../bot/slack/index.ts';
import { describeEachDriver } from '../support/databases.ts';
import { startFakeSlackSocket, type FakeSlackSocket } from '../support/fake-slack-server.ts';
import { BOT_TOKEN, CLIENT_OPTIONS, eventually, SLACK_API } from './support.ts';

let refusing = true;
const methods: string[] = [];
let socketUrl = '';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  nock(SLACK_API)
    .persist()
    .post(/\/api\/.*/)
    .reply((uri, _body, callback) => {
      const method = uri.replace('/api/', '');
      methods.push(refusing ? `${method} (refused)` : method);
      if (refusing)
        return callback(Object.assign(new Error(`connect ECONNREFUSED ${SLACK_API}`), { code: 'ECONNREFUSED' }), [
          0,
          '',
        ]);
      return callback(null, [200, { ok: true, ...(method === 'apps.connections.open' ? { url: socketUrl } : {}) }]);
    });
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describeEachDriver('the desk in socket mode while Slack is away', (current) => {
  let desk: SlackDesk;
  let slackSocket: FakeSlackSocket;

  beforeAll(async () => {
    refusing = true;
    methods.length = 0;
    slackSocket = await startFakeSlackSocket();
    socketUrl = slackSocket.url;
  });

  afterAll(async () => {
    await desk?.stop();
    await slackSocket?.close();
  });

  it('starts at once while Slack refuses, connects once it answers, and opens a new socket after the old one drops', async () => {
    const sockets = slackSocket.sockets;
    const startedAt = Date.now();
    desk = await startSlackDesk({
      appToken: 'xapp-1-test',
      botToken: BOT_TOKEN,
      botId: 'B1',
      botUserId: 'UBOT',
      clientOptions: CLIENT_OPTIONS,
      db: current().db,
      signal: notifyInTransaction(),
      tierChannels: { customer_service: 'C0CS' },
      log: createLogger('silent'),
      backoff: { firstMs: 50, maxMs: 200 },
    });
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    await eventually(() => methods.length >= 3);
    expect(desk.status()).toMatchObject({ state: 'connecting', lastError: { reason: 'ECONNREFUSED' } });
    expect(sockets).toHaveLength(0);

    refusing = false;
    await eventually(() => desk.status().state === 'on', 3_000);
    expect(sockets).toHaveLength(1);
    expect(methods.filter((method) => method === 'apps.connections.open')).toHaveLength(1);

    // Slack drops the socket (as when it recycles a connection, or goes away).
    sockets[0]!.terminate();
    await eventually(() => desk.status().state !== 'on', 3_000);
    expect(desk.status().state).toBe('unreachable');
    await eventually(() => desk.status().state === 'on' && sockets.length === 2, 5_000);
    expect(methods.filter((method) => method === 'apps.connections.open')).toHaveLength(2);
  });
});

// The chat benchmark's peer: a bare Botkit 4.15 bot with botbuilder-adapter-web's stock
// WebAdapter on Botkit's own express server (PORT), echoing every message. It is what the
// channel costs before Ombud does any work: no session, no database, no classifier.
//
// Run as its own process (`node --import tsx bench/peers/botkit-echo.ts`, PORT set) so that its
// memory is measured the same way as the service's. It prints one line `ready <port>` when the
// socket server takes connections. It exits explicitly on SIGTERM: the stock adapter starts a
// 30 s heartbeat interval whose handle it never keeps, so the process would not end by itself
// after controller.shutdown() (docs/stack.md).
import { Botkit } from 'botkit';
import { WebAdapter } from 'botbuilder-adapter-web';

const controller = new Botkit({ adapter: new WebAdapter(), disable_console: true });

controller.on('message', async (bot, message) => {
  await bot.reply(message, message.text ?? '');
});

controller.ready(() => {
  const server = controller.http;
  const announce = () => {
    const address = server.address();
    process.stdout.write(`ready ${typeof address === 'object' && address ? address.port : process.env.PORT}\n`);
  };
  if (server.listening) announce();
  else server.once('listening', announce);
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void controller
      .shutdown()
      .catch(() => {})
      .finally(() => process.exit(0));
  });
}

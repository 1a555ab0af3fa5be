// The answer page's connection: a hello with the link's token on each open; the server's messages
// go to the handler given to connect() (messages.js).
import { setConnection } from '../shared/dom.js';
import { connection } from '../shared/socket.js';
import { token } from './storage.js';

var receiver = function () {};

export var socket = connection({
  base: 1000,
  cap: 30000,
  hello: function () { return { type: 'hello', token: token }; },
  receive: function (message) { receiver(message); },
  down: function (stopped) {
    if (!stopped) setConnection(navigator.onLine === false ? '网络未连接' : '离线，正在重连…', false);
  }
});

export function connect(handler) {
  receiver = handler;
  socket.start();
}

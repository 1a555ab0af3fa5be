// The WebSocket each page keeps open (docs/PROTOCOL.md): JSON messages with v: 1, and after a drop
// a new connection, with exponential backoff and jitter, until stopped.
import { setConnection } from './dom.js';

/** ws:// or wss:// to this server's /ws, as the page itself is http or https. */
export function socketUrl() {
  return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
}

/** `ms` times a random factor from 0.5 to 1.5, so that clients do not all retry at once. */
export function jitter(ms) { return ms * (0.5 + Math.random()); }

/** The wait before reconnecting: doubling from `base` with each attempt, at most `cap`, with jitter. */
export function backoff(attempt, base, cap) {
  return jitter(Math.min(cap, base * Math.pow(2, Math.min(attempt, 5))));
}

/**
 * A connection that comes back by itself. options: hello() gives the first message on each open;
 * receive(message) gets each parsed message; down(stopped) is told of each close; base and cap
 * (ms) set the backoff. Returns {start, send, isOpen, connected, stop}.
 */
export function connection(options) {
  var socket = null, attempt = 0, timer = null, stopped = false;

  function start() {
    if (stopped) return;
    setConnection('连接中…', false);
    socket = new WebSocket(socketUrl());
    socket.onopen = function () { send(options.hello()); };
    socket.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      options.receive(message);
    };
    socket.onclose = function () {
      socket = null;
      options.down(stopped);
      if (stopped) return;
      attempt += 1;
      timer = setTimeout(start, backoff(attempt, options.base, options.cap));
    };
  }

  function isOpen() { return !!socket && socket.readyState === 1; }

  /** Sends at once when open; false (nothing sent) when not. */
  function send(message) {
    if (!isOpen()) return false;
    message.v = 1;
    socket.send(JSON.stringify(message));
    return true;
  }

  return {
    start: start,
    send: send,
    isOpen: isOpen,
    /** The server has greeted us: the next drop starts the backoff from the beginning. */
    connected: function () { attempt = 0; },
    /** No more reconnecting (a bad link): the server's answer will not change. */
    stop: function () { stopped = true; clearTimeout(timer); }
  };
}

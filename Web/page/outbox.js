// The outbox: an answer submitted but not yet acknowledged, one per survey, kept on the device and
// sent again on each reconnect, until the server's ack (or its refusal) takes it out.
import { socket } from './socket.js';
import { load, save, outboxKey } from './storage.js';

function outbox() { return load(outboxKey(), {}); }
function saveOutbox(box) { save(outboxKey(), box); }

/** The answer waiting to be sent for this survey, or undefined. */
export function waiting(surveyId) { return outbox()[surveyId]; }

/** Keeps a submission until acknowledged, and sends it at once when online. */
export function queue(entry) {
  var box = outbox();
  box[entry.survey] = entry;
  saveOutbox(box);
  socket.send(entry);
}

export function flushOutbox() {
  var box = outbox();
  Object.keys(box).forEach(function (surveyId) { socket.send(box[surveyId]); });
}

export function dropFromOutbox(surveyId) {
  var box = outbox();
  if (box[surveyId]) { delete box[surveyId]; saveOutbox(box); }
}

/** The submission an error refers to (its ref is the submission's id), taken out; or null. */
export function takeRefused(ref) {
  var box = outbox();
  var entry = null;
  Object.keys(box).forEach(function (surveyId) { if (box[surveyId].id === ref) entry = box[surveyId]; });
  if (entry) { delete box[entry.survey]; saveOutbox(box); }
  return entry;
}

/** A random (version 4) UUID: the submission's id, so that a resend is stored once. */
export function uuid() {
  var bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join('');
  return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
}

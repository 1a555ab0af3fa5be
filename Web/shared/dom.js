// DOM helpers shared by the answer page, the projector and the unit page. Text always goes in as
// textContent, never as HTML.

/** The element with this id. */
export function el(id) { return document.getElementById(id); }

/** Removes every child of `node`. */
export function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

// Bidirectional controls (U+202A–202E, U+2066–2069, the marks U+200E, U+200F, U+061C) would let
// typed text display as something else ("报告\u202Eexe.pdf" reads "报告fdp.exe"): shown, never obeyed.
var BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/** Text as the page shows it: bidirectional controls taken out. */
export function plain(text) { return String(text).replace(BIDI, ''); }

/** A new element, with its class and its text when given. */
export function make(tag, className, text) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = plain(text);
  return node;
}

/** The connection badge in the page's header. */
export function setConnection(text, online) {
  var badge = el('connection');
  badge.textContent = text;
  badge.className = 'connection ' + (online ? 'online' : 'offline');
}

/** The page's message box (#notice): a warning, or information when `info`. */
export function notice(text, info) {
  var box = el('notice');
  box.textContent = text;
  box.className = 'notice' + (info ? ' info' : '');
  box.hidden = false;
}

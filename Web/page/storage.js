// What the answer page keeps on the device: the link's token, the last welcome, drafts and receipts
// in localStorage (per supervisor), and the place in the open survey in sessionStorage.
import { stashToken, stashedToken } from '../shared/link.js';
import { state } from './state.js';

var TOKEN_KEY = 'survey.token';
var WELCOME_KEY = 'survey.welcome';     // the last welcome, to show surveys and drafts offline
var POSITION_KEY = 'survey.position';   // the open survey, section and question, for a reload (this tab only)

/** The personal link's token (#t=…), kept for later visits; without one, the token kept before. */
export function readToken() {
  var match = /(?:^#|&)t=([^&]+)/.exec(location.hash || '');
  if (!match) return stashedToken('localStorage', TOKEN_KEY);
  var fromLink = decodeURIComponent(match[1]);
  stashToken('localStorage', TOKEN_KEY, fromLink, '');
  return fromLink;
}

/** Read once, as the page loads: the token leaves the address bar at once. */
export var token = readToken();

// ---------- drafts, receipts and the outbox ----------

function storageKey(kind, suffix) {
  return 'survey.' + kind + '.' + (state.supervisor ? state.supervisor.id : 'anon') + (suffix ? '.' + suffix : '');
}
export function draftKey(survey) { return storageKey('draft', survey.id + '.v' + survey.version); }
export function receiptKey(surveyId) { return storageKey('receipt', surveyId); }
export function outboxKey() { return storageKey('outbox'); }

export function load(key, fallback) {
  try { var raw = localStorage.getItem(key); return raw ? JSON.parse(raw) : fallback; } catch (e) { return fallback; }
}
export function save(key, value) {
  try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage full or disabled */ }
}
export function forget(key) {
  try { localStorage.removeItem(key); } catch (e) { /* ignore */ }
}

// ---------- the last welcome ----------

/** Kept for an offline reload: the page can still show the surveys and their drafts. */
export function keepWelcome(message) { save(WELCOME_KEY, { link: token.slice(-8), message: message }); }

/** Only this link's own last welcome (a shared phone may have opened another), or null. */
export function keptWelcome() {
  var cached = load(WELCOME_KEY, null);
  return cached && cached.link === token.slice(-8) && cached.message && cached.message.supervisor ? cached.message : null;
}

/** The kept welcome learns of the ack, so that an offline reload still shows the survey as 已提交. */
export function rememberSubmission(ack) {
  var cached = load(WELCOME_KEY, null);
  if (!cached || !cached.message) return;
  var receipts = (cached.message.submissions || []).filter(function (r) { return r.survey !== ack.survey; });
  receipts.push({ id: ack.id, survey: ack.survey, version: ack.version, storedAt: ack.storedAt });
  cached.message.submissions = receipts;
  save(WELCOME_KEY, cached);
}

// ---------- the place in the open survey (this tab only) ----------

/** Where the supervisor is, to come back to after a reload. */
export function savePosition(questionId) {
  var position = { survey: state.current, section: state.section, question: questionId };
  try { sessionStorage.setItem(POSITION_KEY, JSON.stringify(position)); } catch (e) { /* ignore */ }
}
export function readPosition() {
  try { return JSON.parse(sessionStorage.getItem(POSITION_KEY) || 'null'); } catch (e) { return null; }
}
export function forgetPosition() {
  try { sessionStorage.removeItem(POSITION_KEY); } catch (e) { /* ignore */ }
}

/* Supervisor answer page. Plain ES modules, no build step, no dependencies, no external resources.
   Protocol: docs/PROTOCOL.md. All survey text is rendered with textContent.
   This file starts the page; its parts are in page/, the helpers it shares with the projector and
   the unit page in shared/, skip logic and answer checks in survey-logic.js. */
import { el, notice, setConnection } from './shared/dom.js';
import { token, readToken, keptWelcome } from './page/storage.js';
import { connect } from './page/socket.js';
import { handle, applyWelcome } from './page/messages.js';
import { render, showList } from './page/list.js';
import { onInput } from './page/form.js';
import { onNext, onPrevious, onSubmit, onPopState } from './page/steps.js';

function backToList() { showList(); render(); }

el('survey-form').addEventListener('input', onInput);
el('survey-form').addEventListener('change', onInput);
el('survey-form').addEventListener('submit', onSubmit);
// Enter in a number field closes the phone's keyboard; it neither submits nor moves on.
el('survey-form').addEventListener('keydown', function (event) {
  if (event.key === 'Enter' && event.target && event.target.tagName === 'INPUT') {
    event.preventDefault();
    event.target.blur();
  }
});
el('next').addEventListener('click', onNext);
el('previous').addEventListener('click', onPrevious);
el('back').addEventListener('click', backToList);
el('receipt-back').addEventListener('click', backToList);
window.addEventListener('popstate', onPopState);

// Opening another personal link in the same tab only changes the fragment: start over with it.
window.addEventListener('hashchange', function () {
  if (/(?:^#|&)t=/.test(location.hash)) { readToken(); location.reload(); }
});

// The page and its scripts are kept by a service worker where the browser allows one (https, or
// this machine), so that a reload without network still opens the page.
if ('serviceWorker' in navigator && window.isSecureContext) {
  navigator.serviceWorker.register('sw.js').catch(function () { /* the page works without it */ });
}

if (!token) {
  setConnection('未登录', false);
  notice('请使用政务服务办发给您的个人链接打开本页。', false);
} else {
  // Only this link's own last welcome (a shared phone may have opened another).
  var cached = keptWelcome();
  if (cached) {
    applyWelcome(cached);
    setConnection('网络未连接', false);
  }
  connect(handle);
}

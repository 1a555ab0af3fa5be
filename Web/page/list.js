// The list of the supervisor's surveys, each marked 新, 草稿, 待发送, 已提交 or 已结束.
import { el, clear, make } from '../shared/dom.js';
import { state } from './state.js';
import { load, draftKey, forgetPosition } from './storage.js';
import { waiting } from './outbox.js';
import { showReceipt } from './receipt.js';
import { renderSubmitState } from './form.js';
import { openSurvey, rememberStep } from './steps.js';

function statusOf(surveyId) {
  var survey = state.surveys[surveyId];
  if (state.submitted[surveyId]) return { text: '已提交', css: 'done' };
  if (state.closed[surveyId]) return { text: '已结束', css: '' };
  if (waiting(surveyId)) return { text: '待发送', css: 'pending' };
  if (load(draftKey(survey), null)) return { text: '草稿', css: 'draft' };
  return { text: '新', css: 'new' };
}

export function render() {
  var list = el('survey-list');
  clear(list);
  state.order.forEach(function (id) {
    var item = document.createElement('li');
    item.appendChild(surveyButton(id));
    list.appendChild(item);
  });
  el('empty').hidden = state.order.length > 0;
  if (state.current) renderSubmitState();
}

/** One survey in the list: its title, deadline and state; a submitted one opens its receipt. */
function surveyButton(id) {
  var survey = state.surveys[id];
  var status = statusOf(id);
  var button = make('button', 'survey-item' + (state.fresh[id] ? ' fresh' : ''));
  button.type = 'button';
  button.setAttribute('data-survey', id);
  var title = make('span', '', survey.title);
  if (survey.deadline) {
    title.appendChild(document.createElement('br'));
    title.appendChild(make('small', 'deadline', '截止：' + new Date(survey.deadline).toLocaleString('zh-CN', { hour12: false })));
  }
  button.appendChild(title);
  button.appendChild(make('span', 'badge ' + status.css, status.text));
  button.disabled = status.text === '已结束';
  button.addEventListener('click', function () {
    if (state.submitted[id]) { showReceipt(id); return; }
    openSurvey(id);
    rememberStep();
  });
  return button;
}

export function showList() {
  state.current = null;
  forgetPosition();
  el('form-view').hidden = true;
  el('receipt-view').hidden = true;
  el('list-view').hidden = false;
}

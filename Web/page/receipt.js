// The receipt of a submission: when it was saved, and the answers sent from this device, read-only.
import { el, clear, make } from '../shared/dom.js';
import { state } from './state.js';
import { load, receiptKey } from './storage.js';

/** A server time (ISO 8601) in Beijing time, as the supervisor reads it. */
export function localTime(iso) {
  var date = new Date(iso);
  return isNaN(date.getTime()) ? iso : date.toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });
}

/** A read-only view of a submission: when it was saved, and the answers sent from this device. */
export function showReceipt(id) {
  var survey = state.surveys[id];
  var receipt = load(receiptKey(id), null);
  el('list-view').hidden = true;
  el('form-view').hidden = true;
  el('receipt-view').hidden = false;
  el('notice').hidden = true;
  el('receipt-title').textContent = '回执：' + (survey ? survey.title : id);
  el('receipt-time').textContent = '提交时间：' + localTime(state.submitted[id].storedAt);
  var list = el('receipt-answers');
  clear(list);
  if (!receipt || !survey) {
    el('receipt-note').textContent = '答案保存在提交时使用的设备上，本设备只能看到提交时间。';
    return;
  }
  el('receipt-note').textContent = '以下是您提交的答案（只读）。';
  survey.questions.forEach(function (question) {
    if (receipt.answers[question.id] === undefined) return;
    list.appendChild(make('dt', '', question.title));
    list.appendChild(make('dd', '', answerText(question, receipt.answers[question.id])));
  });
  window.scrollTo(0, 0);
}

function answerText(question, value) {
  var label = function (optionId) {
    var option = (question.options || []).filter(function (o) { return o.id === optionId; })[0];
    return option ? option.label : optionId;
  };
  if (value === 'unknown' && question.unknown) return question.unknown;
  switch (question.type) {
    case 'yesno': return value ? '是' : '否';
    case 'single': return label(value);
    case 'multiple': return value.map(label).join('、');
    case 'rating': return value + ' 分' + (question.labels ? '（' + question.labels[0] + ' 1 — ' + question.labels[1] + ' ' + (question.max || 5) + '）' : '');
    default: return String(value);
  }
}

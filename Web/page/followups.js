// 整改回访: a problem the supervisor raised has been put right; they rate the result.
import { el, clear, make } from '../shared/dom.js';
import { state } from './state.js';
import { socket } from './socket.js';
import { choice } from './questions.js';

var VERDICTS = [['satisfied', '满意'], ['basic', '基本满意'], ['unsatisfied', '不满意']];

export function renderFollowUps() {
  var list = el('followup-list');
  clear(list);
  var rows = Object.keys(state.followups).concat(Object.keys(state.followupDone));
  el('followup-view').hidden = rows.length === 0;
  Object.keys(state.followupDone).forEach(function (row) {
    list.appendChild(make('li', 'followup done', '第 ' + row + ' 项：已收到您的评价，谢谢！'));
  });
  Object.keys(state.followups).forEach(function (row) {
    list.appendChild(openFollowUp(row, state.followups[row]));
  });
}

/** A 回访 awaiting an answer: the problem, the result, and the form for the verdict. */
function openFollowUp(row, followup) {
  var item = make('li', 'followup');
  item.setAttribute('data-row', row);
  item.appendChild(make('h3', '', '您反映的问题：' + followup.problem));
  item.appendChild(make('p', '', '整改结果：' + followup.result + (followup.unit ? '（' + followup.unit + '）' : '')));
  item.appendChild(verdictForm(row));
  return item;
}

function verdictForm(row) {
  var form = document.createElement('form');
  var group = document.createElement('fieldset');
  group.appendChild(make('legend', '', '您对整改结果是否满意？'));
  VERDICTS.forEach(function (pair) { group.appendChild(choice('radio', 'verdict-' + row, pair[0], pair[1], false)); });
  var comment = document.createElement('textarea');
  comment.maxLength = 500;
  comment.rows = 2;
  comment.placeholder = '意见（选填）';
  comment.setAttribute('aria-label', '意见（选填）');
  var status = make('p', 'form-status');
  status.setAttribute('role', 'status');
  var button = make('button', 'primary', '提交评价');
  button.type = 'submit';
  form.appendChild(group);
  form.appendChild(comment);
  form.appendChild(status);
  form.appendChild(button);
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var picked = form.querySelector('input:checked');
    if (!picked) { status.textContent = '请选择满意、基本满意或不满意。'; return; }
    var message = { type: 'followup_answer', row: Number(row), verdict: picked.value };
    if (comment.value.trim()) message.comment = comment.value.trim();
    status.textContent = socket.send(message) ? '正在提交…' : '当前离线，连接恢复后请再提交。';
  });
  return form;
}

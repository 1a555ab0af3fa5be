// The responsible unit's page (docs/PROTOCOL.md, "Units"): its rows of the 整改台账, live, with
// progress, measures done and evidence uploads.
import { el, clear, make, setConnection, notice } from './shared/dom.js';
import { connection } from './shared/socket.js';
import { stashToken, stashedToken, forgetToken } from './shared/link.js';

var TOKEN_KEY = 'survey.unitToken';
var unit = null, rows = [];

// The link's token leaves the address bar at once and is kept on this device (a unit's staff
// reopen the page from its address without the link), until 退出.
function readToken() {
  var fromLink = (location.hash || '').replace(/^#/, '');
  if (!fromLink) return stashedToken('localStorage', TOKEN_KEY);
  stashToken('localStorage', TOKEN_KEY, fromLink, '');
  return decodeURIComponent(fromLink);
}

el('logout').addEventListener('click', function () {
  forgetToken('localStorage', TOKEN_KEY);
  socket.stop();
  unit = null;
  rows = [];
  clear(el('rows'));
  el('summary').textContent = '';
  el('logout').hidden = true;
  setConnection('已退出', false);
  notice('已退出，本设备不再保存单位链接。再次使用请打开政务服务办发给本单位的链接。', true);
});
var token = readToken();

// Opening another unit link in the same tab only changes the fragment: start over with it.
window.addEventListener('hashchange', function () {
  if (location.hash.length > 1) { readToken(); location.reload(); }
});

var socket = connection({
  base: 1000,
  cap: 30000,
  hello: function () { return { type: 'unit_hello', token: token }; },
  receive: handle,
  down: function (stopped) { if (!stopped) setConnection('离线，正在重连…', false); }
});

function send(message) {
  if (socket.send(message)) return true;
  notice('当前离线，连接恢复后请重试。', false);
  return false;
}

function handle(message) {
  switch (message.type) {
    case 'unit_rows':
      socket.connected();
      unit = message.unit;
      rows = message.rows || [];
      setConnection('已连接', true);
      el('logout').hidden = false;
      render();
      break;
    case 'unit_ack':
      notice('第 ' + message.row + ' 项' + (ACKS[message.ref] || '已提交。'), true);
      break;
    case 'error':
      if (message.code === 'bad_token') {
        socket.stop();
        setConnection('链接无效', false);
      }
      notice(message.message, false);
      break;
  }
}

function field(list, label, value) {
  list.appendChild(make('dt', '', label));
  list.appendChild(make('dd', '', value || '—'));
}

var ACKS = { unit_progress: '的进展已提交。', unit_measure_done: '的措施已标记完成。', unit_receipt: '已签收。' };
var STATUS = { identified: '待交办', assigned: '已交办', in_progress: '整改中', rectified: '已整改', signed_off: '已销号' };

function isOverdue(row) {
  if (!row.deadline || row.status === 'rectified' || row.status === 'signed_off') return false;
  var today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  return today > row.deadline;
}

function render() {
  document.title = unit + ' · 整改填报';
  el('unit-title').textContent = unit + ' · 整改填报';
  var list = el('rows');
  clear(list);
  var open = rows.filter(function (row) { return row.status !== 'signed_off'; }).length;
  el('summary').textContent = '交办本单位 ' + rows.length + ' 项，未销号 ' + open + ' 项。';
  el('empty').hidden = rows.length > 0;
  rows.forEach(function (row) { list.appendChild(card(row)); });
}

function card(row) {
  var item = make('li', 'unit-row' + (isOverdue(row) ? ' overdue' : ''));
  item.setAttribute('data-row', row.number);
  item.appendChild(make('h2', '', '第 ' + row.number + ' 项　' + row.key.problem));
  item.appendChild(facts(row));
  var receipt = receiptBlock(row);
  if (receipt) item.appendChild(receipt);
  item.appendChild(make('h3', '', '整改措施'));
  item.appendChild(measures(row));
  item.appendChild(make('h3', '', '整改进展'));
  item.appendChild(notes(row));
  item.appendChild(make('h3', '', '佐证材料'));
  item.appendChild(evidence(row));
  if (row.status === 'assigned' || row.status === 'in_progress') item.appendChild(progressForm(row));
  if (row.status !== 'signed_off') item.appendChild(uploadForm(row));
  return item;
}

function facts(row) {
  var list = document.createElement('dl');
  field(list, '交办编号', row.handoverNumber ? row.handoverNumber + '（交办日期 ' + (row.assignedOn || '—') + '）' : '');
  field(list, '问题来源', source(row));
  if (row.detail) field(list, '问题详情', row.detail);
  field(list, '自查项', row.key.item + ' ' + row.itemTitle);
  field(list, '牵头单位', row.unit);
  field(list, '配合单位', (row.partners || []).join('、'));
  field(list, '责任人', row.owner);
  field(list, '整改时限', (row.deadline || '—') + (row.deadlineWorkingDays != null ? '（' + row.deadlineWorkingDays + '个工作日）' : '') +
    (isOverdue(row) ? '（已逾期）' : ''));
  field(list, '整改状态', (STATUS[row.status] || row.status) + (row.verification === 'pending' ? '（待核实：请先核实并反馈结果）' : ''));
  return list;
}

// 问题来源 as the 台账 words it: a concentrated problem, a supervisor's case, or another channel.
function source(row) {
  if (row.kind === 'case') return '个案线索（' + (row.raisedOn || '—') + ' 监督员反映）';
  if (row.kind === 'entered') return (row.channel || '登记') + '（' + (row.raisedOn || '—') + (row.reference ? '，编号 ' + row.reference : '') + '）';
  return '集中问题（' + row.raisedBy + '/' + row.asked + ' 人反映）';
}

function measures(row) {
  var list = document.createElement('ol');
  (row.measures || []).forEach(function (measure, index) {
    var entry = make('li', '', measure.text + '（时限 ' + (measure.deadline || '—') + '）');
    if (measure.doneOn) {
      entry.appendChild(make('span', 'badge done', ' ' + measure.doneOn + ' 完成'));
    } else if (row.status !== 'signed_off') {
      var done = make('button', 'small', '标记完成');
      done.type = 'button';
      done.addEventListener('click', function () {
        send({ type: 'unit_measure_done', row: row.number, measure: index + 1 });
      });
      entry.appendChild(done);
    }
    list.appendChild(entry);
  });
  return list;
}

// The progress notes, then the office's 催办 and 督办 (by staff or by the server's own reminders).
function notes(row) {
  var list = document.createElement('ul');
  (row.notes || []).forEach(function (note) { list.appendChild(make('li', '', note)); });
  (row.urges || []).forEach(function (urge) { list.appendChild(make('li', 'urge', '催办：' + urge)); });
  if (!(row.notes || []).length && !(row.urges || []).length) list.appendChild(make('li', 'muted', '暂无'));
  return list;
}

function evidence(row) {
  var list = document.createElement('ul');
  (row.evidenceFiles || []).forEach(function (file) {
    var entry = document.createElement('li');
    var link = make('a', '', file.name);
    link.href = '#';
    link.addEventListener('click', function (event) { event.preventDefault(); download(file); });
    entry.appendChild(link);
    entry.appendChild(make('span', 'muted', '（' + Math.max(1, Math.ceil(file.size / 1024)) + ' KB，' + file.uploadedBy + '）'));
    list.appendChild(entry);
  });
  if (!(row.evidenceFiles || []).length) list.appendChild(make('li', 'muted', '暂无'));
  return list;
}

// 签收: the lead unit signs for the 交办单 once, by the name of the person who signs.
function receiptBlock(row) {
  if (row.receiptName) {
    var when = row.receiptAt ? new Date(row.receiptAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '';
    return make('p', 'receipt signed', '已签收：' + row.receiptName + (when ? '（' + when + '）' : ''));
  }
  if (row.unit !== unit || (row.status !== 'assigned' && row.status !== 'in_progress')) return null;
  var form = make('form', 'receipt-form');
  var label = make('label', '', '签收人');
  var input = document.createElement('input');
  input.type = 'text';
  input.maxLength = 32;
  input.id = 'receipt-' + row.number;
  input.autocomplete = 'name';
  label.htmlFor = input.id;
  var button = make('button', 'primary', '签收交办单');
  button.type = 'submit';
  form.appendChild(make('span', 'muted', '本事项尚未签收。'));
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(button);
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (!input.value.trim()) { notice('请填写签收人姓名。', false); return; }
    send({ type: 'unit_receipt', row: row.number, name: input.value.trim() });
  });
  return form;
}

function progressForm(row) {
  var form = make('form', 'progress-form');
  var area = document.createElement('textarea');
  area.rows = 3;
  area.maxLength = 2000;
  area.placeholder = '填写本次整改进展';
  area.setAttribute('aria-label', '第 ' + row.number + ' 项的整改进展');
  var button = make('button', 'primary', '提交进展');
  button.type = 'submit';
  form.appendChild(area);
  form.appendChild(button);
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (!area.value.trim()) { notice('请填写进展情况。', false); return; }
    if (send({ type: 'unit_progress', row: row.number, note: area.value.trim() })) area.value = '';
  });
  return form;
}

function uploadForm(row) {
  var form = make('form', 'upload-form');
  var input = document.createElement('input');
  input.type = 'file';
  input.accept = '.pdf,.png,.jpg,.jpeg,.doc,.docx,.xls,.xlsx';
  input.setAttribute('aria-label', '第 ' + row.number + ' 项的佐证材料文件');
  var button = make('button', '', '上传佐证材料');
  button.type = 'submit';
  form.appendChild(input);
  form.appendChild(button);
  form.appendChild(make('small', 'muted', '可上传 PDF、图片、Word、Excel 文件。'));
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var file = input.files && input.files[0];
    if (!file) { notice('请先选择文件。', false); return; }
    button.disabled = true;
    upload(row, file).then(function (reply) {
      notice(reply.ok ? '已上传：' + reply.body.name : reply.body.message, reply.ok);
      if (reply.ok) input.value = '';
    }).catch(function () {
      notice('上传失败：网络中断，请重试。', false);
    }).then(function () { button.disabled = false; });
  });
  return form;
}

/** Posts a file as evidence for a row: {ok, body} with the server's JSON reply. */
function upload(row, file) {
  return fetch('/api/rectify/' + row.number + '/evidence?name=' + encodeURIComponent(file.name), {
    method: 'POST', headers: { Authorization: 'Bearer ' + token }, body: file
  }).then(function (response) {
    return response.json().then(function (body) { return { ok: response.ok, body: body }; });
  });
}

function download(file) {
  fetch('/api/evidence/' + file.sha256, { headers: { Authorization: 'Bearer ' + token } })
    .then(function (response) { if (!response.ok) throw new Error(); return response.blob(); })
    .then(function (blob) {
      var link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = file.name;
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    })
    .catch(function () { notice('无法下载“' + file.name + '”。', false); });
}

if (!token) {
  setConnection('缺少链接', false);
  notice('请使用政务服务办发给本单位的链接打开此页面。', false);
} else {
  socket.start();
}

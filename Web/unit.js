// The responsible unit's page (docs/PROTOCOL.md, "Units"): its rows of the 整改台账, live, with
// progress, measures done and evidence uploads.
(function () {
  'use strict';

  var TOKEN_KEY = 'survey.unitToken';
  var el = function (id) { return document.getElementById(id); };
  var socket = null, attempt = 0, stopped = false, unit = null, rows = [];

  // The link's token leaves the address bar at once and stays in this tab only.
  function readToken() {
    var fromLink = (location.hash || '').replace(/^#/, '');
    if (fromLink) {
      try { sessionStorage.setItem(TOKEN_KEY, fromLink); } catch (e) { /* keep in memory */ }
      history.replaceState(null, '', location.pathname + location.search);
      return decodeURIComponent(fromLink);
    }
    try { return sessionStorage.getItem(TOKEN_KEY); } catch (e) { return null; }
  }
  var token = readToken();

  function setConnection(text, online) {
    var badge = el('connection');
    badge.textContent = text;
    badge.className = 'connection ' + (online ? 'online' : 'offline');
  }

  function notice(text, info) {
    var box = el('notice');
    box.textContent = text;
    box.className = 'notice' + (info ? ' info' : '');
    box.hidden = false;
  }

  function send(message) {
    if (!socket || socket.readyState !== 1) { notice('当前离线，连接恢复后请重试。', false); return false; }
    message.v = 1;
    socket.send(JSON.stringify(message));
    return true;
  }

  function connect() {
    if (stopped) return;
    setConnection('连接中…', false);
    socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
    socket.onopen = function () { send({ type: 'unit_hello', token: token }); };
    socket.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      handle(message);
    };
    socket.onclose = function () {
      socket = null;
      if (stopped) return;
      setConnection('离线，正在重连…', false);
      attempt += 1;
      setTimeout(connect, Math.min(30000, 1000 * Math.pow(2, Math.min(attempt, 5))) * (0.5 + Math.random()));
    };
  }

  function handle(message) {
    switch (message.type) {
      case 'unit_rows':
        attempt = 0;
        unit = message.unit;
        rows = message.rows || [];
        setConnection('已连接', true);
        render();
        break;
      case 'unit_ack':
        notice(message.ref === 'unit_progress' ? '第 ' + message.row + ' 项的进展已提交。' : '第 ' + message.row + ' 项的措施已标记完成。', true);
        break;
      case 'error':
        if (message.code === 'bad_token') {
          stopped = true;
          setConnection('链接无效', false);
        }
        notice(message.message, false);
        break;
    }
  }

  function text(tag, content, className) {
    var node = document.createElement(tag);
    node.textContent = content;
    if (className) node.className = className;
    return node;
  }

  function field(list, label, value) {
    list.appendChild(text('dt', label));
    list.appendChild(text('dd', value || '—'));
  }

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
    while (list.firstChild) list.removeChild(list.firstChild);
    var open = rows.filter(function (row) { return row.status !== 'signed_off'; }).length;
    el('summary').textContent = '交办本单位 ' + rows.length + ' 项，未销号 ' + open + ' 项。';
    el('empty').hidden = rows.length > 0;
    rows.forEach(function (row) { list.appendChild(card(row)); });
  }

  function card(row) {
    var item = document.createElement('li');
    item.className = 'unit-row' + (isOverdue(row) ? ' overdue' : '');
    item.setAttribute('data-row', row.number);
    item.appendChild(text('h2', '第 ' + row.number + ' 项　' + row.key.problem));
    var facts = document.createElement('dl');
    field(facts, '问题来源', row.kind === 'case' ? '个案线索（' + (row.raisedOn || '—') + ' 监督员反映）' : '集中问题（' + row.raisedBy + '/' + row.asked + ' 人反映）');
    if (row.detail) field(facts, '问题详情', row.detail);
    field(facts, '自查项', row.key.item + ' ' + row.itemTitle);
    field(facts, '牵头单位', row.unit);
    field(facts, '配合单位', (row.partners || []).join('、'));
    field(facts, '责任人', row.owner);
    field(facts, '整改时限', (row.deadline || '—') + (isOverdue(row) ? '（已逾期）' : ''));
    field(facts, '整改状态', STATUS[row.status] || row.status);
    item.appendChild(facts);

    item.appendChild(text('h3', '整改措施'));
    var measures = document.createElement('ol');
    (row.measures || []).forEach(function (measure, index) {
      var entry = text('li', measure.text + '（时限 ' + (measure.deadline || '—') + '）');
      if (measure.doneOn) {
        entry.appendChild(text('span', ' ' + measure.doneOn + ' 完成', 'badge done'));
      } else if (row.status !== 'signed_off') {
        var done = text('button', '标记完成', 'small');
        done.type = 'button';
        done.addEventListener('click', function () {
          send({ type: 'unit_measure_done', row: row.number, measure: index + 1 });
        });
        entry.appendChild(done);
      }
      measures.appendChild(entry);
    });
    item.appendChild(measures);

    item.appendChild(text('h3', '整改进展'));
    var notes = document.createElement('ul');
    (row.notes || []).forEach(function (note) { notes.appendChild(text('li', note)); });
    if (!(row.notes || []).length) notes.appendChild(text('li', '暂无', 'muted'));
    item.appendChild(notes);

    item.appendChild(text('h3', '佐证材料'));
    var files = document.createElement('ul');
    (row.evidenceFiles || []).forEach(function (file) {
      var entry = document.createElement('li');
      var link = text('a', file.name);
      link.href = '#';
      link.addEventListener('click', function (event) { event.preventDefault(); download(file); });
      entry.appendChild(link);
      entry.appendChild(text('span', '（' + Math.max(1, Math.ceil(file.size / 1024)) + ' KB，' + file.uploadedBy + '）', 'muted'));
      files.appendChild(entry);
    });
    if (!(row.evidenceFiles || []).length) files.appendChild(text('li', '暂无', 'muted'));
    item.appendChild(files);

    if (row.status === 'assigned' || row.status === 'in_progress') item.appendChild(progressForm(row));
    if (row.status !== 'signed_off') item.appendChild(uploadForm(row));
    return item;
  }

  function progressForm(row) {
    var form = document.createElement('form');
    form.className = 'progress-form';
    var area = document.createElement('textarea');
    area.rows = 3;
    area.maxLength = 2000;
    area.placeholder = '填写本次整改进展';
    area.setAttribute('aria-label', '第 ' + row.number + ' 项的整改进展');
    var button = text('button', '提交进展', 'primary');
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
    var form = document.createElement('form');
    form.className = 'upload-form';
    var input = document.createElement('input');
    input.type = 'file';
    input.accept = '.pdf,.png,.jpg,.jpeg,.doc,.docx,.xls,.xlsx';
    input.setAttribute('aria-label', '第 ' + row.number + ' 项的佐证材料文件');
    var button = text('button', '上传佐证材料', '');
    button.type = 'submit';
    form.appendChild(input);
    form.appendChild(button);
    form.appendChild(text('small', '可上传 PDF、图片、Word、Excel 文件。', 'muted'));
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var file = input.files && input.files[0];
      if (!file) { notice('请先选择文件。', false); return; }
      button.disabled = true;
      fetch('/api/rectify/' + row.number + '/evidence?name=' + encodeURIComponent(file.name), {
        method: 'POST', headers: { Authorization: 'Bearer ' + token }, body: file
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (reply) {
        notice(reply.ok ? '已上传：' + reply.body.name : reply.body.message, reply.ok);
        if (reply.ok) input.value = '';
      }).catch(function () {
        notice('上传失败：网络中断，请重试。', false);
      }).then(function () { button.disabled = false; });
    });
    return form;
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
    connect();
  }
})();

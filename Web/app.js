/* Supervisor answer page. Plain ES2017, no dependencies, no external resources.
   Protocol: docs/PROTOCOL.md. All survey text is rendered with textContent. */
(function () {
  'use strict';

  var TOKEN_KEY = 'survey.token';
  var WELCOME_KEY = 'survey.welcome';     // the last welcome, to show surveys and drafts offline
  var POSITION_KEY = 'survey.position';   // the open survey, section and question, for a reload (this tab only)
  var token = readToken();
  var socket = null;
  var attempt = 0;
  var retryTimer = null;
  var stopped = false;
  var state = {
    supervisor: null,
    surveys: {},        // id -> latest survey object (with version)
    order: [],          // survey ids in arrival order
    submitted: {},      // survey id -> receipt {id, version, storedAt}
    closed: {},         // survey id -> true
    fresh: {},          // survey id -> true when pushed live
    current: null,      // survey id of the open form
    section: 0,         // index of the section on screen (SurveyLogic.sections)
    answers: {},        // answers of the open form
    errors: {},         // question id -> message for the open form
    followups: {},      // row number -> 回访 notice awaiting an answer
    followupDone: {}    // row number -> true once answered (acked)
  };

  var el = function (id) { return document.getElementById(id); };

  // ---------- token ----------

  function readToken() {
    var match = /(?:^#|&)t=([^&]+)/.exec(location.hash || '');
    if (match) {
      var fromLink = decodeURIComponent(match[1]);
      try { localStorage.setItem(TOKEN_KEY, fromLink); } catch (e) { /* private mode: keep in memory */ }
      history.replaceState(null, '', location.pathname + location.search);
      return fromLink;
    }
    try { return localStorage.getItem(TOKEN_KEY); } catch (e) { return null; }
  }

  // ---------- storage (drafts and outbox) ----------

  function storageKey(kind, suffix) {
    return 'survey.' + kind + '.' + (state.supervisor ? state.supervisor.id : 'anon') + (suffix ? '.' + suffix : '');
  }
  function load(key, fallback) {
    try { var raw = localStorage.getItem(key); return raw ? JSON.parse(raw) : fallback; } catch (e) { return fallback; }
  }
  function save(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage full or disabled */ }
  }
  function draftKey(survey) { return storageKey('draft', survey.id + '.v' + survey.version); }
  function outbox() { return load(storageKey('outbox'), {}); }
  function saveOutbox(box) { save(storageKey('outbox'), box); }

  // ---------- connection ----------

  function setConnection(text, online) {
    var badge = el('connection');
    badge.textContent = text;
    badge.className = 'connection ' + (online ? 'online' : 'offline');
  }

  function connect() {
    if (stopped) return;
    setConnection('连接中…', false);
    var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    socket = new WebSocket(scheme + location.host + '/ws');
    socket.onopen = function () { send({ type: 'hello', token: token }); };
    socket.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      handle(message);
    };
    socket.onclose = function () {
      socket = null;
      if (stopped) return;
      setConnection(navigator.onLine === false ? '网络未连接' : '离线，正在重连…', false);
      attempt += 1;
      var base = Math.min(30000, 1000 * Math.pow(2, Math.min(attempt, 5)));
      retryTimer = setTimeout(connect, base * (0.5 + Math.random()));
    };
  }

  function send(message) {
    if (!socket || socket.readyState !== 1) return false;
    message.v = 1;
    socket.send(JSON.stringify(message));
    return true;
  }

  function flushOutbox() {
    var box = outbox();
    Object.keys(box).forEach(function (surveyId) { send(box[surveyId]); });
  }

  // ---------- messages ----------

  function handle(message) {
    switch (message.type) {
      case 'welcome':
        attempt = 0;
        setConnection('已连接', true);
        // Kept for an offline reload: the page can still show the surveys and their drafts.
        save(WELCOME_KEY, { link: token.slice(-8), message: message });
        applyWelcome(message);
        flushOutbox();
        break;
      case 'followup':
        state.followups[message.followup.row] = message.followup;
        delete state.followupDone[message.followup.row];
        notice('您反映的问题已整改，请在“整改回访”中评价。', true);
        renderFollowUps();
        break;
      case 'followup_ack':
        delete state.followups[message.row];
        state.followupDone[message.row] = true;
        renderFollowUps();
        break;
      case 'survey':
        addSurvey(message.survey, true);
        notice('收到新问卷：“' + message.survey.title + '”', true);
        render();
        break;
      case 'closed':
        state.closed[message.survey] = true;
        dropFromOutbox(message.survey);
        if (state.current === message.survey) notice('本问卷已结束，不再接收答卷。', false);
        render();
        break;
      case 'remind':
        notice(message.message, true);
        break;
      case 'ack':
        acknowledge(message);
        break;
      case 'error':
        handleError(message);
        break;
    }
  }

  function applyWelcome(message) {
    state.supervisor = message.supervisor;
    el('greeting').textContent = message.supervisor.name + '，您好！感谢您担任营商环境监督员。';
    state.submitted = {};
    (message.submissions || []).forEach(function (receipt) { state.submitted[receipt.survey] = receipt; });
    (message.surveys || []).forEach(function (survey) { addSurvey(survey, false); });
    state.followups = {};
    (message.followups || []).forEach(function (notice) { state.followups[notice.row] = notice; });
    render();
    renderFollowUps();
    resumePosition();
  }

  function addSurvey(survey, live) {
    var known = state.surveys[survey.id];
    if (known && known.version > survey.version) return;
    if (!known) state.order.push(survey.id);
    state.surveys[survey.id] = survey;
    delete state.closed[survey.id];
    if (live) state.fresh[survey.id] = true;
    send({ type: 'received', survey: survey.id, version: survey.version });
  }

  function acknowledge(ack) {
    var box = outbox();
    var sent = box[ack.survey] && box[ack.survey].id === ack.id ? box[ack.survey] : null;
    if (sent) {
      // The receipt keeps what was sent, to show it read-only later on this device.
      save(storageKey('receipt', ack.survey), { answers: sent.answers, version: sent.version, storedAt: ack.storedAt });
      delete box[ack.survey];
      saveOutbox(box);
    }
    state.submitted[ack.survey] = { id: ack.id, version: ack.version, storedAt: ack.storedAt };
    rememberSubmission(ack);
    var survey = state.surveys[ack.survey];
    if (survey) { try { localStorage.removeItem(draftKey(survey)); } catch (e) { /* ignore */ } }
    if (state.current === ack.survey) showList();
    // Confirmed whenever it arrives, also for an answer sent later from the list.
    notice('已提交“' + (survey ? survey.title : ack.survey) + '”（' + localTime(ack.storedAt) + ' 保存），感谢您的反馈！点击问卷可查看回执。', true);
    render();
  }

  /** The kept welcome learns of the ack, so that an offline reload still shows the survey as 已提交. */
  function rememberSubmission(ack) {
    var cached = load(WELCOME_KEY, null);
    if (!cached || !cached.message) return;
    var receipts = (cached.message.submissions || []).filter(function (r) { return r.survey !== ack.survey; });
    receipts.push({ id: ack.id, survey: ack.survey, version: ack.version, storedAt: ack.storedAt });
    cached.message.submissions = receipts;
    save(WELCOME_KEY, cached);
  }

  function localTime(iso) {
    var date = new Date(iso);
    return isNaN(date.getTime()) ? iso : date.toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });
  }

  /** A read-only view of a submission: when it was saved, and the answers sent from this device. */
  function showReceipt(id) {
    var survey = state.surveys[id];
    var receipt = load(storageKey('receipt', id), null);
    el('list-view').hidden = true;
    el('form-view').hidden = true;
    el('receipt-view').hidden = false;
    el('notice').hidden = true;
    el('receipt-title').textContent = '回执：' + (survey ? survey.title : id);
    el('receipt-time').textContent = '提交时间：' + localTime(state.submitted[id].storedAt);
    var list = el('receipt-answers');
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!receipt || !survey) {
      el('receipt-note').textContent = '答案保存在提交时使用的设备上，本设备只能看到提交时间。';
      return;
    }
    el('receipt-note').textContent = '以下是您提交的答案（只读）。';
    survey.questions.forEach(function (question) {
      if (receipt.answers[question.id] === undefined) return;
      var term = document.createElement('dt');
      term.textContent = question.title;
      var value = document.createElement('dd');
      value.textContent = answerText(question, receipt.answers[question.id]);
      list.appendChild(term);
      list.appendChild(value);
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

  function dropFromOutbox(surveyId) {
    var box = outbox();
    if (box[surveyId]) { delete box[surveyId]; saveOutbox(box); }
  }

  // ---------- 回访 ----------

  var VERDICTS = [['satisfied', '满意'], ['basic', '基本满意'], ['unsatisfied', '不满意']];

  function renderFollowUps() {
    var list = el('followup-list');
    while (list.firstChild) list.removeChild(list.firstChild);
    var rows = Object.keys(state.followups).concat(Object.keys(state.followupDone));
    el('followup-view').hidden = rows.length === 0;
    Object.keys(state.followupDone).forEach(function (row) {
      var item = document.createElement('li');
      item.className = 'followup done';
      item.textContent = '第 ' + row + ' 项：已收到您的评价，谢谢！';
      list.appendChild(item);
    });
    Object.keys(state.followups).forEach(function (row) {
      var notice = state.followups[row];
      var item = document.createElement('li');
      item.className = 'followup';
      item.setAttribute('data-row', row);
      var title = document.createElement('h3');
      title.textContent = '您反映的问题：' + notice.problem;
      var result = document.createElement('p');
      result.textContent = '整改结果：' + notice.result + (notice.unit ? '（' + notice.unit + '）' : '');
      var form = document.createElement('form');
      var group = document.createElement('fieldset');
      var legend = document.createElement('legend');
      legend.textContent = '您对整改结果是否满意？';
      group.appendChild(legend);
      VERDICTS.forEach(function (pair) { group.appendChild(choice('radio', 'verdict-' + row, pair[0], pair[1], false)); });
      var comment = document.createElement('textarea');
      comment.maxLength = 500;
      comment.rows = 2;
      comment.placeholder = '意见（选填）';
      comment.setAttribute('aria-label', '意见（选填）');
      var status = document.createElement('p');
      status.className = 'form-status';
      status.setAttribute('role', 'status');
      var button = document.createElement('button');
      button.type = 'submit';
      button.className = 'primary';
      button.textContent = '提交评价';
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
        status.textContent = send(message) ? '正在提交…' : '当前离线，连接恢复后请再提交。';
      });
      item.appendChild(title);
      item.appendChild(result);
      item.appendChild(form);
      list.appendChild(item);
    });
  }

  function handleError(error) {
    if (error.ref === 'followup_answer') {
      notice(error.message, false);
      return;
    }
    if (error.code === 'bad_token') {
      stopped = true;
      clearTimeout(retryTimer);
      setConnection('链接无效', false);
      notice(error.message, false);
      return;
    }
    if (error.code === 'storage_failed') {
      setTimeout(flushOutbox, 5000 * (0.5 + Math.random()));
      notice(error.message, false);
      return;
    }
    var box = outbox();
    var entry = null;
    Object.keys(box).forEach(function (surveyId) { if (box[surveyId].id === error.ref) entry = box[surveyId]; });
    if (entry) {
      delete box[entry.survey];
      saveOutbox(box);
      if (error.question && state.current === entry.survey) {
        state.errors = {};
        state.errors[error.question] = error.message;
        renderForm();
      }
    }
    notice(error.message, false);
    render();
  }

  // ---------- list ----------

  function statusOf(surveyId) {
    var survey = state.surveys[surveyId];
    if (state.submitted[surveyId]) return { text: '已提交', css: 'done' };
    if (state.closed[surveyId]) return { text: '已结束', css: '' };
    if (outbox()[surveyId]) return { text: '待发送', css: 'pending' };
    if (load(draftKey(survey), null)) return { text: '草稿', css: 'draft' };
    return { text: '新', css: 'new' };
  }

  function render() {
    var list = el('survey-list');
    while (list.firstChild) list.removeChild(list.firstChild);
    state.order.forEach(function (id) {
      var survey = state.surveys[id];
      var status = statusOf(id);
      var item = document.createElement('li');
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'survey-item' + (state.fresh[id] ? ' fresh' : '');
      button.setAttribute('data-survey', id);
      var title = document.createElement('span');
      title.textContent = survey.title;
      if (survey.deadline) {
        var due = document.createElement('small');
        due.className = 'deadline';
        due.textContent = '截止：' + new Date(survey.deadline).toLocaleString('zh-CN', { hour12: false });
        title.appendChild(document.createElement('br'));
        title.appendChild(due);
      }
      var badge = document.createElement('span');
      badge.className = 'badge ' + status.css;
      badge.textContent = status.text;
      button.appendChild(title);
      button.appendChild(badge);
      button.disabled = status.text === '已结束';
      button.addEventListener('click', function () {
        if (state.submitted[id]) { showReceipt(id); return; }
        openSurvey(id);
        rememberStep();
      });
      item.appendChild(button);
      list.appendChild(item);
    });
    el('empty').hidden = state.order.length > 0;
    if (state.current) renderSubmitState();
  }

  function notice(text, info) {
    var box = el('notice');
    box.textContent = text;
    box.className = 'notice' + (info ? ' info' : '');
    box.hidden = false;
  }

  // ---------- form ----------

  function openSurvey(id) {
    var survey = state.surveys[id];
    state.current = id;
    // An answer waiting to be sent is what will be stored: show it, not a later draft.
    state.answers = outbox()[id] ? outbox()[id].answers : load(draftKey(survey), {});
    state.errors = {};
    delete state.fresh[id];
    send({ type: 'opened', survey: id, version: survey.version });
    el('list-view').hidden = true;
    el('form-view').hidden = false;
    el('notice').hidden = true;
    el('form-title').textContent = survey.title;
    el('form-description').textContent = survey.description || '';
    state.section = shownSections(survey)[0] || 0;
    renderForm();
    showErrorSummary();
    window.scrollTo(0, 0);
    savePosition(null);
  }

  /** Each section is a step in the browser's history: the phone's Back button goes to the section
   *  before, and from the first section to the list. */
  function rememberStep() {
    try { history.pushState({ survey: state.current, section: state.section }, ''); } catch (e) { /* ignore */ }
  }

  window.addEventListener('popstate', function (event) {
    var step = event.state;
    var survey = step && step.survey && state.surveys[step.survey];
    var answerable = survey && !state.submitted[step.survey] && !state.closed[step.survey];
    if (answerable && state.current !== step.survey) openSurvey(step.survey);
    if (answerable && shownSections(survey).indexOf(step.section) >= 0) { goToSection(step.section); return; }
    if (state.current || !el('receipt-view').hidden) { showList(); render(); }
  });

  /** Where the supervisor is, to come back to after a reload. */
  function savePosition(questionId) {
    var position = { survey: state.current, section: state.section, question: questionId };
    try { sessionStorage.setItem(POSITION_KEY, JSON.stringify(position)); } catch (e) { /* ignore */ }
  }

  /** After a reload: back to the survey and the question the supervisor was on. */
  function resumePosition() {
    var position;
    try { position = JSON.parse(sessionStorage.getItem(POSITION_KEY) || 'null'); } catch (e) { position = null; }
    if (!position || state.current || !state.surveys[position.survey] || state.submitted[position.survey] || state.closed[position.survey]) return;
    openSurvey(position.survey);
    if (shownSections(state.surveys[position.survey]).indexOf(position.section) >= 0) goToSection(position.section, position.question);
  }

  function showList() {
    state.current = null;
    try { sessionStorage.removeItem(POSITION_KEY); } catch (e) { /* ignore */ }
    el('form-view').hidden = true;
    el('receipt-view').hidden = true;
    el('list-view').hidden = false;
  }

  function renderForm() {
    var survey = state.surveys[state.current];
    var container = el('questions');
    while (container.firstChild) container.removeChild(container.firstChild);
    window.SurveyLogic.sections(survey).forEach(function (part, index) {
      var holder = document.createElement('section');
      holder.className = 'part';
      holder.setAttribute('data-section', String(index));
      if (part.title) {
        var heading = document.createElement('h3');
        heading.className = 'part-title';
        heading.textContent = part.title;
        holder.appendChild(heading);
      }
      part.questions.forEach(function (question) { holder.appendChild(renderQuestion(question)); });
      container.appendChild(holder);
    });
    applyVisibility();
    updateProgress();
    renderSubmitState();
  }

  function renderQuestion(question) {
    var box = document.createElement('div');
    box.className = 'question' + (state.errors[question.id] ? ' invalid' : '');
    box.setAttribute('data-question', question.id);
    var grouped = question.type !== 'number' && question.type !== 'text';
    var holder = grouped ? document.createElement('fieldset') : box;
    var caption = document.createElement(grouped ? 'legend' : 'label');
    var numberSpan = document.createElement('span');
    numberSpan.className = 'number';
    caption.appendChild(numberSpan);
    caption.appendChild(document.createTextNode(question.title));
    if (question.required) {
      var star = document.createElement('span');
      star.className = 'required';
      star.textContent = '*（必答）';
      caption.appendChild(star);
    }
    holder.appendChild(caption);
    if (question.help) {
      var help = document.createElement('p');
      help.className = 'help';
      help.textContent = question.help;
      holder.appendChild(help);
    }
    var inputId = 'q-' + question.id;
    var value = state.answers[question.id];
    switch (question.type) {
      case 'single':
        question.options.forEach(function (option) {
          holder.appendChild(choice('radio', question.id, option.id, option.label, value === option.id));
        });
        break;
      case 'multiple':
        question.options.forEach(function (option) {
          holder.appendChild(choice('checkbox', question.id, option.id, option.label, Array.isArray(value) && value.indexOf(option.id) >= 0));
        });
        break;
      case 'yesno':
        holder.appendChild(choice('radio', question.id, 'true', '是', value === true));
        holder.appendChild(choice('radio', question.id, 'false', '否', value === false));
        break;
      case 'rating':
        var scale = document.createElement('div');
        scale.className = 'rating';
        var low = question.min === undefined ? 1 : question.min;
        var high = question.max === undefined ? 5 : question.max;
        for (var score = low; score <= high; score += 1) {
          var label = document.createElement('label');
          var radio = document.createElement('input');
          radio.type = 'radio';
          radio.name = question.id;
          radio.value = String(score);
          radio.checked = value === score;
          var end = question.labels ? (score === low ? question.labels[0] : score === high ? question.labels[1] : '') : '';
          radio.setAttribute('aria-label', score + ' 分' + (end ? '（' + end + '）' : ''));
          var text = document.createElement('span');
          text.textContent = String(score);
          label.appendChild(radio);
          label.appendChild(text);
          scale.appendChild(label);
        }
        holder.appendChild(scale);
        if (question.labels) {
          // The ends named under the scale: a 60-year-old need not guess whether 5 is good.
          var ends = document.createElement('div');
          ends.className = 'rating-ends';
          ends.setAttribute('aria-hidden', 'true');
          var lowText = document.createElement('span');
          lowText.textContent = low + ' = ' + question.labels[0];
          var highText = document.createElement('span');
          highText.textContent = high + ' = ' + question.labels[1];
          ends.appendChild(lowText);
          ends.appendChild(highText);
          holder.appendChild(ends);
        }
        break;
      case 'number':
        caption.htmlFor = inputId;
        var number = document.createElement('input');
        number.type = 'number';
        number.id = inputId;
        number.name = question.id;
        // A count (integer: true) gets a digits-only keypad; other numbers may have decimals.
        var counts = !!question.integer;
        number.step = counts ? '1' : 'any';
        number.inputMode = counts ? 'numeric' : 'decimal';
        if (question.min !== undefined) number.min = String(question.min);
        if (question.max !== undefined) number.max = String(question.max);
        if (typeof value === 'number') number.value = String(value);
        holder.appendChild(number);
        if (question.min !== undefined || question.max !== undefined) {
          // The range is shown before any error, not only after one.
          var range = document.createElement('small');
          range.className = 'range';
          range.textContent = question.max === undefined ? '请填写不小于 ' + question.min + ' 的数字'
            : question.min === undefined ? '请填写不大于 ' + question.max + ' 的数字'
            : '请填写 ' + question.min + '–' + question.max + ' 之间的' + (counts ? '整数' : '数字');
          holder.appendChild(range);
        }
        break;
      case 'text':
        caption.htmlFor = inputId;
        var area = document.createElement('textarea');
        area.id = inputId;
        area.name = question.id;
        area.maxLength = question.maxLength || 2000;
        if (typeof value === 'string') area.value = value;
        holder.appendChild(area);
        break;
    }
    if (question.unknown) {
      // 不了解/不适用: for those who cannot judge, kept out of the figures.
      var unknown = choice('radio', question.id, 'unknown', question.unknown, value === 'unknown');
      unknown.className += ' unknown';
      holder.appendChild(unknown);
    }
    if (grouped) box.appendChild(holder);
    if (state.errors[question.id]) {
      var error = document.createElement('p');
      error.className = 'error';
      error.id = inputId + '-error';
      error.textContent = state.errors[question.id];
      box.appendChild(error);
    }
    return box;
  }

  function choice(kind, name, value, text, checked) {
    var label = document.createElement('label');
    label.className = 'choice';
    var input = document.createElement('input');
    input.type = kind;
    input.name = name;
    input.value = value;
    input.checked = checked;
    var span = document.createElement('span');
    span.textContent = text;
    label.appendChild(input);
    label.appendChild(span);
    return label;
  }

  // ---------- skip logic (mirrors Survey.isShown in the server) ----------

  // Skip logic and answer checks live in survey-logic.js, shared with the tests.
  // The supervisor's category decides questions asked only of some categories.
  function category() { return state.supervisor ? state.supervisor.category : undefined; }
  function isShown(survey, question, answers) { return window.SurveyLogic.isShown(survey, question, answers, category()); }
  function visibleQuestions(survey, answers) { return window.SurveyLogic.visibleQuestions(survey, answers, category()); }

  /** Shows and hides questions for the current answers, and only the current section, without
   *  re-rendering inputs; numbers run on across sections. */
  function applyVisibility() {
    var survey = state.surveys[state.current];
    var number = 0;
    survey.questions.forEach(function (question) {
      var box = document.querySelector('[data-question="' + question.id + '"]');
      if (!box) return;
      box.hidden = !isShown(survey, question, state.answers);
      if (!box.hidden) {
        number += 1;
        box.querySelector('.number').textContent = number + '. ';
      }
    });
    var shown = shownSections(survey);
    if (shown.length && shown.indexOf(state.section) < 0) {
      state.section = shown.filter(function (i) { return i > state.section; })[0];
      if (state.section === undefined) state.section = shown[shown.length - 1];
    }
    var parts = document.querySelectorAll('#questions .part');
    for (var i = 0; i < parts.length; i += 1) parts[i].hidden = Number(parts[i].getAttribute('data-section')) !== state.section;
    var at = shown.indexOf(state.section);
    // The introduction once, above the first section: later ones start with their questions.
    el('form-description').hidden = at > 0;
    el('previous').hidden = at <= 0;
    el('next').hidden = at >= shown.length - 1;
    el('submit').hidden = at < shown.length - 1;
  }

  /** Indexes of the sections with at least one question shown for the current answers. */
  function shownSections(survey) {
    var out = [];
    window.SurveyLogic.sections(survey).forEach(function (part, index) {
      if (part.questions.some(function (q) { return isShown(survey, q, state.answers); })) out.push(index);
    });
    return out;
  }

  function sectionOf(survey, questionId) {
    var found = 0;
    window.SurveyLogic.sections(survey).forEach(function (part, index) {
      if (part.questions.some(function (q) { return q.id === questionId; })) found = index;
    });
    return found;
  }

  /** Puts a section on screen: at a question if given, else at the section's start. */
  function goToSection(index, questionId) {
    state.section = index;
    applyVisibility();
    updateProgress();
    savePosition(questionId || null);
    var target = questionId && document.querySelector('[data-question="' + questionId + '"]');
    if (target) {
      target.scrollIntoView({ block: 'center' });
    } else {
      var part = document.querySelector('#questions .part[data-section="' + index + '"]');
      window.scrollTo(0, part ? Math.max(0, part.getBoundingClientRect().top + window.pageYOffset - 150) : 0);
    }
  }

  function readAnswer(question) {
    var form = el('survey-form');
    var inputs = form.querySelectorAll('[name="' + question.id + '"]');
    var checked = [];
    for (var i = 0; i < inputs.length; i += 1) if (inputs[i].checked) checked.push(inputs[i].value);
    switch (question.type) {
      case 'single': return checked.length ? checked[0] : undefined;
      case 'multiple': return checked.length ? checked : undefined;
      case 'yesno': return !checked.length ? undefined : checked[0] === 'unknown' ? 'unknown' : checked[0] === 'true';
      case 'rating': return !checked.length ? undefined : checked[0] === 'unknown' ? 'unknown' : Number(checked[0]);
      case 'number':
        var raw = inputs[0].value.trim();
        return raw === '' ? undefined : Number(raw);
      case 'text':
        return inputs[0].value === '' ? undefined : inputs[0].value;
    }
    return undefined;
  }

  /** The answers on the form, leaving out questions that skip logic hides. */
  function collect() {
    var survey = state.surveys[state.current];
    var answers = {};
    survey.questions.forEach(function (question) {
      var value = readAnswer(question);
      if (value !== undefined) answers[question.id] = value;
    });
    survey.questions.forEach(function (question) {
      if (!isShown(survey, question, answers)) delete answers[question.id];
    });
    return answers;
  }

  function problemOf(question, value) {
    var problem = window.SurveyLogic.problemOf(question, value);
    return problem ? problem.message : null;
  }

  /** Section n of m, and how many of the required questions shown are answered. */
  function updateProgress() {
    var survey = state.surveys[state.current];
    var parts = window.SurveyLogic.sections(survey);
    var shown = shownSections(survey);
    var title = parts[state.section] ? parts[state.section].title : null;
    el('section-text').hidden = shown.length < 2;
    el('section-text').textContent = '第 ' + (shown.indexOf(state.section) + 1) + ' / ' + shown.length + ' 部分' + (title ? '：' + title : '');
    var required = visibleQuestions(survey, state.answers).filter(function (q) { return q.required; });
    // Answered means answered acceptably: 99 where 0–50 is asked is still to do.
    var done = required.filter(function (q) { return state.answers[q.id] !== undefined && !problemOf(q, state.answers[q.id]); }).length;
    el('progress-bar').style.width = (required.length ? Math.round(100 * done / required.length) : 100) + '%';
    el('progress-text').textContent = '必答题已答 ' + done + ' / ' + required.length;
  }

  function renderSubmitState() {
    var id = state.current;
    var button = el('submit');
    var status = el('form-status');
    if (state.closed[id]) {
      button.disabled = true;
      status.textContent = '本问卷已结束。';
    } else if (outbox()[id]) {
      button.disabled = true;
      status.textContent = socket && socket.readyState === 1 ? '正在提交…' : '待发送：网络恢复后将自动提交（答案已锁定，不能再修改）。';
    } else {
      button.disabled = false;
      status.textContent = '';
    }
    // Once submitted, the answers on screen are the ones that will be stored: no silent edits.
    var locked = !!(state.closed[id] || outbox()[id]);
    var fields = document.querySelectorAll('#questions input, #questions textarea');
    for (var i = 0; i < fields.length; i += 1) fields[i].disabled = locked;
  }

  /** 以上都没有: ticking an exclusive option clears the others of its question, and the reverse. */
  function keepExclusive(target) {
    if (!target || target.type !== 'checkbox' || !target.checked) return;
    var question = state.surveys[state.current].questions.filter(function (q) { return q.id === target.name; })[0];
    if (!question) return;
    var exclusive = (question.options || []).filter(function (o) { return o.exclusive; }).map(function (o) { return o.id; });
    var alone = exclusive.indexOf(target.value) >= 0;
    var boxes = document.querySelectorAll('#questions input[type=checkbox][name="' + target.name + '"]');
    for (var i = 0; i < boxes.length; i += 1) {
      if (boxes[i] !== target && (alone || exclusive.indexOf(boxes[i].value) >= 0)) boxes[i].checked = false;
    }
  }

  function onInput(event) {
    if (!state.current) return;
    keepExclusive(event && event.target);
    state.answers = collect();
    save(draftKey(state.surveys[state.current]), state.answers);
    applyVisibility();
    updateProgress();
    var box = event && event.target && event.target.closest ? event.target.closest('[data-question]') : null;
    if (box) {
      var id = box.getAttribute('data-question');
      savePosition(id);
      if (state.errors[id]) clearFixedError(box, id);
    }
  }

  /** A corrected answer loses its red mark at once, and the summary counts one fewer. */
  function clearFixedError(box, id) {
    var survey = state.surveys[state.current];
    var question = survey.questions.filter(function (q) { return q.id === id; })[0];
    if (!question || problemOf(question, state.answers[id])) return;
    delete state.errors[id];
    box.className = 'question';
    var error = box.querySelector('.error');
    if (error) error.parentNode.removeChild(error);
    showErrorSummary();
  }

  /** How many questions still need changing, with a link to the first; hidden when none. */
  function showErrorSummary() {
    var summary = el('error-summary');
    var survey = state.surveys[state.current];
    var open = survey ? survey.questions.filter(function (q) { return state.errors[q.id]; }) : [];
    summary.hidden = open.length === 0;
    while (summary.firstChild) summary.removeChild(summary.firstChild);
    // No marks left: the status line says what it said before them (待发送, 已结束, or nothing).
    if (!open.length) { renderSubmitState(); return; }
    summary.appendChild(document.createTextNode('还有 ' + open.length + ' 题需要填写或修改。'));
    var jump = document.createElement('a');
    jump.href = '#';
    jump.textContent = '转到第一题';
    jump.addEventListener('click', function (event) {
      event.preventDefault();
      goToSection(sectionOf(survey, open[0].id), open[0].id);
      var input = document.querySelector('[data-question="' + open[0].id + '"] input, [data-question="' + open[0].id + '"] textarea');
      if (input) input.focus({ preventScroll: true });
    });
    summary.appendChild(jump);
    el('form-status').textContent = '还有 ' + open.length + ' 题需要填写或修改，请查看标红的题目。';
  }

  /** Marks what is wrong among `questions` (those shown); on screen at the first, false if none. */
  function flagProblems(survey, questions, answers) {
    var flaggedBefore = Object.keys(state.errors).length > 0;
    state.errors = {};
    var first = null;
    questions.forEach(function (question) {
      if (!isShown(survey, question, answers)) return;
      var problem = problemOf(question, answers[question.id]);
      if (problem) { state.errors[question.id] = problem; if (!first) first = question.id; }
    });
    if (!first) {
      if (flaggedBefore) renderForm();
      showErrorSummary();
      return false;
    }
    renderForm();
    showErrorSummary();
    goToSection(sectionOf(survey, first), first);
    return true;
  }

  /** 下一部分: only once this section's answers are complete and valid. */
  function onNext() {
    var survey = state.surveys[state.current];
    state.answers = collect();
    if (flagProblems(survey, window.SurveyLogic.sections(survey)[state.section].questions, state.answers)) return;
    var later = shownSections(survey).filter(function (i) { return i > state.section; });
    if (later.length) { goToSection(later[0]); rememberStep(); }
  }

  function onPrevious() {
    var survey = state.surveys[state.current];
    if (Object.keys(state.errors).length) {
      // Marks belong to the section left behind; 下一部分 checks it again.
      state.errors = {};
      renderForm();
      showErrorSummary();
    }
    var earlier = shownSections(survey).filter(function (i) { return i < state.section; });
    if (earlier.length) { goToSection(earlier[earlier.length - 1]); rememberStep(); }
  }

  function onSubmit(event) {
    event.preventDefault();
    var survey = state.surveys[state.current];
    var shown = shownSections(survey);
    if (shown.indexOf(state.section) < shown.length - 1) { onNext(); return; }
    var answers = collect();
    if (flagProblems(survey, survey.questions, answers)) return;
    var entry = { type: 'submit', id: uuid(), survey: survey.id, version: survey.version, answers: answers };
    var box = outbox();
    box[survey.id] = entry;
    saveOutbox(box);
    send(entry);
    renderSubmitState();
    render();
  }

  function uuid() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join('');
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
  }

  // ---------- start ----------

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
  el('back').addEventListener('click', function () { showList(); render(); });
  el('receipt-back').addEventListener('click', function () { showList(); render(); });

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
    var cached = load(WELCOME_KEY, null);
    if (cached && cached.link === token.slice(-8) && cached.message && cached.message.supervisor) {
      applyWelcome(cached.message);
      setConnection('网络未连接', false);
    }
    connect();
  }
})();

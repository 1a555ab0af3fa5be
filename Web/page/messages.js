// The server's messages to the answer page (docs/PROTOCOL.md) and what each changes on screen.
import { el, notice, setConnection } from '../shared/dom.js';
import { jitter } from '../shared/socket.js';
import { state } from './state.js';
import { socket } from './socket.js';
import { keepWelcome, rememberSubmission, save, forget, draftKey, receiptKey } from './storage.js';
import { waiting, flushOutbox, dropFromOutbox, takeRefused } from './outbox.js';
import { render, showList } from './list.js';
import { localTime } from './receipt.js';
import { renderFollowUps } from './followups.js';
import { renderForm } from './form.js';
import { resumePosition } from './steps.js';

export function handle(message) {
  switch (message.type) {
    case 'welcome':
      socket.connected();
      setConnection('已连接', true);
      // Kept for an offline reload: the page can still show the surveys and their drafts.
      keepWelcome(message);
      applyWelcome(message);
      flushOutbox();
      break;
    case 'followup':
      state.followups[message.followup.row] = message.followup;
      delete state.followupDone[message.followup.row];
      notice('您反映的问题已整改，请在“整改回访”中评价。', true);
      renderFollowUps();
      break;
    case 'followup_withdrawn':
      // Signed off or taken back before this page answered: the card goes, with the reason.
      delete state.followups[message.row];
      renderFollowUps();
      notice(message.reason, true);
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

/** A welcome from the server, or the one kept for an offline reload. */
export function applyWelcome(message) {
  state.supervisor = message.supervisor;
  el('greeting').textContent = message.supervisor.name + '，您好！感谢您担任营商环境监督员。';
  state.submitted = {};
  (message.submissions || []).forEach(function (receipt) { state.submitted[receipt.survey] = receipt; });
  (message.surveys || []).forEach(function (survey) { addSurvey(survey, false); });
  state.followups = {};
  (message.followups || []).forEach(function (followup) { state.followups[followup.row] = followup; });
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
  socket.send({ type: 'received', survey: survey.id, version: survey.version });
}

function acknowledge(ack) {
  var sent = waiting(ack.survey);
  if (sent && sent.id === ack.id) {
    // The receipt keeps what was sent, to show it read-only later on this device.
    save(receiptKey(ack.survey), { answers: sent.answers, version: sent.version, storedAt: ack.storedAt });
    dropFromOutbox(ack.survey);
  }
  state.submitted[ack.survey] = { id: ack.id, version: ack.version, storedAt: ack.storedAt };
  rememberSubmission(ack);
  var survey = state.surveys[ack.survey];
  if (survey) forget(draftKey(survey));
  if (state.current === ack.survey) showList();
  // Confirmed whenever it arrives, also for an answer sent later from the list.
  notice('已提交“' + (survey ? survey.title : ack.survey) + '”（' + localTime(ack.storedAt) + ' 保存），感谢您的反馈！点击问卷可查看回执。', true);
  render();
}

function handleError(error) {
  if (error.ref === 'followup_answer') {
    notice(error.message, false);
    return;
  }
  if (error.code === 'bad_token') {
    socket.stop();
    setConnection('链接无效', false);
    notice(error.message, false);
    return;
  }
  if (error.code === 'storage_failed') {
    setTimeout(flushOutbox, jitter(5000));
    notice(error.message, false);
    return;
  }
  // A refused submission leaves the outbox; its question is marked when the form is open.
  var entry = takeRefused(error.ref);
  if (entry && error.question && state.current === entry.survey) {
    state.errors = {};
    state.errors[error.question] = error.message;
    renderForm();
  }
  notice(error.message, false);
  render();
}

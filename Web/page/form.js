// The open survey's form: drawn by section, its answers read back from the inputs (and kept as a
// draft on each change), and the submit button's state.
import { el, clear, make } from '../shared/dom.js';
import { state } from './state.js';
import { socket } from './socket.js';
import { save, draftKey, savePosition } from './storage.js';
import { waiting } from './outbox.js';
import { sections, isShown } from './rules.js';
import { renderQuestion } from './questions.js';
import { applyVisibility, updateProgress } from './sections.js';
import { clearFixedError } from './checks.js';

export function renderForm() {
  var survey = state.surveys[state.current];
  var container = el('questions');
  clear(container);
  sections(survey).forEach(function (part, index) {
    var holder = make('section', 'part');
    holder.setAttribute('data-section', String(index));
    if (part.title) holder.appendChild(make('h3', 'part-title', part.title));
    part.questions.forEach(function (question) { holder.appendChild(renderQuestion(question)); });
    container.appendChild(holder);
  });
  applyVisibility();
  updateProgress();
  renderSubmitState();
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
export function collect() {
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

export function renderSubmitState() {
  var id = state.current;
  var button = el('submit');
  var status = el('form-status');
  var pending = waiting(id);
  if (state.closed[id]) {
    button.disabled = true;
    status.textContent = '本问卷已结束。';
  } else if (pending) {
    button.disabled = true;
    status.textContent = socket.isOpen() ? '正在提交…' : '待发送：网络恢复后将自动提交（答案已锁定，不能再修改）。';
  } else {
    button.disabled = false;
    status.textContent = '';
  }
  // Once submitted, the answers on screen are the ones that will be stored: no silent edits.
  var locked = !!(state.closed[id] || pending);
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

/** Any change on the form: the draft is saved, skip logic and progress follow at once. */
export function onInput(event) {
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

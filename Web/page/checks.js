// Marks on the answers that need changing: each question in red, a summary with a link to the
// first, and a mark gone as soon as its answer is corrected.
import { el, clear, make } from '../shared/dom.js';
import { state } from './state.js';
import { isShown, problemOf } from './rules.js';
import { goToSection, sectionOf } from './sections.js';
import { renderForm, renderSubmitState } from './form.js';

/** A corrected answer loses its red mark at once, and the summary counts one fewer. */
export function clearFixedError(box, id) {
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
export function showErrorSummary() {
  var summary = el('error-summary');
  var survey = state.surveys[state.current];
  var open = survey ? survey.questions.filter(function (q) { return state.errors[q.id]; }) : [];
  summary.hidden = open.length === 0;
  clear(summary);
  // No marks left: the status line says what it said before them (待发送, 已结束, or nothing).
  if (!open.length) { renderSubmitState(); return; }
  summary.appendChild(document.createTextNode('还有 ' + open.length + ' 题需要填写或修改。'));
  var jump = make('a', '', '转到第一题');
  jump.href = '#';
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
export function flagProblems(survey, questions, answers) {
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

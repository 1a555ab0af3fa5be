// Moving through a survey: opening it, 下一部分 and 上一部分 (each a step in the browser's history),
// submitting, and coming back to the same place after a reload.
import { el } from '../shared/dom.js';
import { state } from './state.js';
import { socket } from './socket.js';
import { load, draftKey, savePosition, readPosition } from './storage.js';
import { waiting, queue, uuid } from './outbox.js';
import { sections } from './rules.js';
import { shownSections, goToSection } from './sections.js';
import { renderForm, renderSubmitState, collect } from './form.js';
import { flagProblems, showErrorSummary } from './checks.js';
import { render, showList } from './list.js';

export function openSurvey(id) {
  var survey = state.surveys[id];
  state.current = id;
  // An answer waiting to be sent is what will be stored: show it, not a later draft.
  var pending = waiting(id);
  state.answers = pending ? pending.answers : load(draftKey(survey), {});
  state.errors = {};
  delete state.fresh[id];
  socket.send({ type: 'opened', survey: id, version: survey.version });
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
export function rememberStep() {
  try { history.pushState({ survey: state.current, section: state.section }, ''); } catch (e) { /* ignore */ }
}

export function onPopState(event) {
  var step = event.state;
  var survey = step && step.survey && state.surveys[step.survey];
  var answerable = survey && !state.submitted[step.survey] && !state.closed[step.survey];
  if (answerable && state.current !== step.survey) openSurvey(step.survey);
  if (answerable && shownSections(survey).indexOf(step.section) >= 0) { goToSection(step.section); return; }
  if (state.current || !el('receipt-view').hidden) { showList(); render(); }
}

/** After a reload: back to the survey and the question the supervisor was on. */
export function resumePosition() {
  var position = readPosition();
  if (!position || state.current || !state.surveys[position.survey] || state.submitted[position.survey] || state.closed[position.survey]) return;
  openSurvey(position.survey);
  if (shownSections(state.surveys[position.survey]).indexOf(position.section) >= 0) goToSection(position.section, position.question);
}

/** 下一部分: only once this section's answers are complete and valid. */
export function onNext() {
  var survey = state.surveys[state.current];
  state.answers = collect();
  if (flagProblems(survey, sections(survey)[state.section].questions, state.answers)) return;
  var later = shownSections(survey).filter(function (i) { return i > state.section; });
  if (later.length) { goToSection(later[0]); rememberStep(); }
}

export function onPrevious() {
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

/** 提交问卷: before the last section, as 下一部分; on it, the answers are checked, then kept in the
 *  outbox until acknowledged. */
export function onSubmit(event) {
  event.preventDefault();
  var survey = state.surveys[state.current];
  var shown = shownSections(survey);
  if (shown.indexOf(state.section) < shown.length - 1) { onNext(); return; }
  var answers = collect();
  if (flagProblems(survey, survey.questions, answers)) return;
  queue({ type: 'submit', id: uuid(), survey: survey.id, version: survey.version, answers: answers });
  renderSubmitState();
  render();
}

// The open survey's sections: one on screen at a time, questions shown or hidden by skip logic and
// numbered across sections, and the progress above them.
import { el } from '../shared/dom.js';
import { state } from './state.js';
import { savePosition } from './storage.js';
import { sections, isShown, visibleQuestions, problemOf } from './rules.js';

/** Shows and hides questions for the current answers, and only the current section, without
 *  re-rendering inputs; numbers run on across sections. */
export function applyVisibility() {
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
export function shownSections(survey) {
  var out = [];
  sections(survey).forEach(function (part, index) {
    if (part.questions.some(function (q) { return isShown(survey, q, state.answers); })) out.push(index);
  });
  return out;
}

export function sectionOf(survey, questionId) {
  var found = 0;
  sections(survey).forEach(function (part, index) {
    if (part.questions.some(function (q) { return q.id === questionId; })) found = index;
  });
  return found;
}

/** Puts a section on screen: at a question if given, else at the section's start. */
export function goToSection(index, questionId) {
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

/** Section n of m, and how many of the required questions shown are answered. */
export function updateProgress() {
  var survey = state.surveys[state.current];
  var parts = sections(survey);
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

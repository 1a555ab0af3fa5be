// Skip logic and answer checks (mirroring Survey.isShown and AnswerValidator in the server) live
// in survey-logic.js, shared with the tests. Here they are applied for this supervisor, whose
// category decides the questions asked only of some categories.
import * as SurveyLogic from '../survey-logic.js';
import { state } from './state.js';

export { sections } from '../survey-logic.js';

function category() { return state.supervisor ? state.supervisor.category : undefined; }

export function isShown(survey, question, answers) { return SurveyLogic.isShown(survey, question, answers, category()); }
export function visibleQuestions(survey, answers) { return SurveyLogic.visibleQuestions(survey, answers, category()); }

/** What is wrong with one answer, as the message to show, or null. */
export function problemOf(question, value) {
  var problem = SurveyLogic.problemOf(question, value);
  return problem ? problem.message : null;
}

// Skip logic and answer checks of the answer page, the same rules the server applies
// (Survey.isShown and AnswerValidator in Sources/SurveyCore). Both are tested against one file of
// cases, Tests/Vectors/survey-logic.json, so the two cannot drift apart.
// An ES module: the page imports it, and the Chromium test imports it by URL.

/** Whether an answer meets a condition ({equals}, {anyOf}, {atMost}, {atLeast}). */
export function matches(condition, value) {
  if (value === undefined) return false;
  if (condition.equals !== undefined) return value === condition.equals;
  if (condition.anyOf) {
    if (typeof value === 'string') return condition.anyOf.indexOf(value) >= 0;
    if (Array.isArray(value)) return value.some(function (v) { return condition.anyOf.indexOf(v) >= 0; });
    return false;
  }
  if (condition.atMost !== undefined) return typeof value === 'number' && value <= condition.atMost;
  if (condition.atLeast !== undefined) return typeof value === 'number' && value >= condition.atLeast;
  return false;
}

/** A question is shown when its rule, and every rule above it in the chain, is met; one asked
 *  only of some categories of supervisors is hidden from the others. */
export function isShown(survey, question, answers, category) {
  var current = question;
  for (var steps = 0; ; steps += 1) {
    if (steps > survey.questions.length) return false;
    if (current.categories && category !== undefined && current.categories.indexOf(category) < 0) return false;
    if (!current.showIf) return true;
    var rule = current.showIf;
    if (!matches(rule.when, answers[rule.question])) return false;
    current = survey.questions.filter(function (q) { return q.id === rule.question; })[0];
    if (!current) return false;
  }
}

export function visibleQuestions(survey, answers, category) {
  return survey.questions.filter(function (q) { return isShown(survey, q, answers, category); });
}

/** The page's sections: a new one at each question with a `section` title; none means one. */
export function sections(survey) {
  var parts = [];
  survey.questions.forEach(function (question) {
    if (question.section || !parts.length) parts.push({ title: question.section || null, questions: [] });
    parts[parts.length - 1].questions.push(question);
  });
  return parts;
}

/** What is wrong with one answer: {code, message} as the server's error codes, or null. */
export function problemOf(question, value) {
  if (value === 'unknown' && question.unknown) return null;
  if (value === undefined) {
    return question.required ? { code: 'missing_answer', message: '此题为必答题，请作答。' } : null;
  }
  if (question.type === 'text') {
    if (question.required && !String(value).trim()) return { code: 'invalid_answer', message: '此题为必答题，内容不能为空。' };
    var limit = question.maxLength || 2000;
    if (value.length > limit) return { code: 'invalid_answer', message: '不能超过 ' + limit + ' 字。' };
  }
  if (question.type === 'number' || question.type === 'rating') {
    var low = question.min !== undefined ? question.min : (question.type === 'rating' ? 1 : undefined);
    var high = question.max !== undefined ? question.max : (question.type === 'rating' ? 5 : undefined);
    if (typeof value !== 'number' || !isFinite(value)) return { code: 'invalid_answer', message: '请输入有效数字。' };
    if (question.type === 'rating' && Math.round(value) !== value) return { code: 'invalid_answer', message: '评分须为整数。' };
    if (low !== undefined && value < low) return { code: 'invalid_answer', message: '不能小于 ' + low + '。' };
    if (high !== undefined && value > high) return { code: 'invalid_answer', message: '不能大于 ' + high + '。' };
    if (question.integer && Math.round(value) !== value) return { code: 'invalid_answer', message: '请填写整数。' };
  }
  if (question.type === 'multiple' && question.required && Array.isArray(value) && value.length === 0) {
    return { code: 'invalid_answer', message: '请至少选择一项。' };
  }
  if (question.type === 'multiple' && Array.isArray(value) && value.length > 1) {
    var alone = (question.options || []).filter(function (o) { return o.exclusive && value.indexOf(o.id) >= 0; })[0];
    if (alone) return { code: 'invalid_answer', message: '“' + alone.label + '”不能与其他选项同时选择。' };
  }
  return null;
}

/** The first problem among the shown questions, in order: {question, code, message} or null. */
export function firstProblem(survey, answers, category) {
  var shown = visibleQuestions(survey, answers, category);
  for (var i = 0; i < shown.length; i += 1) {
    var problem = problemOf(shown[i], answers[shown[i].id]);
    if (problem) return { question: shown[i].id, code: problem.code, message: problem.message };
  }
  return null;
}

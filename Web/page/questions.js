// One question on the form: its caption, help and inputs by type, and its error when marked.
import { make } from '../shared/dom.js';
import { state } from './state.js';

export function renderQuestion(question) {
  var box = make('div', 'question' + (state.errors[question.id] ? ' invalid' : ''));
  box.setAttribute('data-question', question.id);
  var grouped = question.type !== 'number' && question.type !== 'text';
  var holder = grouped ? document.createElement('fieldset') : box;
  var caption = captionOf(question, grouped);
  holder.appendChild(caption);
  if (question.help) holder.appendChild(make('p', 'help', question.help));
  var value = state.answers[question.id];
  addInputs(holder, caption, question, value);
  if (question.unknown) {
    // 不了解/不适用: for those who cannot judge, kept out of the figures.
    var unknown = choice('radio', question.id, 'unknown', question.unknown, value === 'unknown');
    unknown.className += ' unknown';
    holder.appendChild(unknown);
  }
  if (grouped) box.appendChild(holder);
  if (state.errors[question.id]) {
    var error = make('p', 'error', state.errors[question.id]);
    error.id = 'q-' + question.id + '-error';
    box.appendChild(error);
  }
  return box;
}

/** The legend of a group of choices, or the label of a single field: number, title, 必答. */
function captionOf(question, grouped) {
  var caption = document.createElement(grouped ? 'legend' : 'label');
  caption.appendChild(make('span', 'number'));
  caption.appendChild(document.createTextNode(question.title));
  if (question.required) caption.appendChild(make('span', 'required', '*（必答）'));
  return caption;
}

function addInputs(holder, caption, question, value) {
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
    case 'rating': addRating(holder, question, value); break;
    case 'number': addNumber(holder, caption, question, value); break;
    case 'text': addText(holder, caption, question, value); break;
  }
}

function addRating(holder, question, value) {
  var scale = make('div', 'rating');
  var low = question.min === undefined ? 1 : question.min;
  var high = question.max === undefined ? 5 : question.max;
  for (var score = low; score <= high; score += 1) scale.appendChild(ratingChoice(question, score, low, high, value));
  holder.appendChild(scale);
  if (question.labels) {
    // The ends named under the scale: a 60-year-old need not guess whether 5 is good.
    var ends = make('div', 'rating-ends');
    ends.setAttribute('aria-hidden', 'true');
    ends.appendChild(make('span', '', low + ' = ' + question.labels[0]));
    ends.appendChild(make('span', '', high + ' = ' + question.labels[1]));
    holder.appendChild(ends);
  }
}

function ratingChoice(question, score, low, high, value) {
  var label = document.createElement('label');
  var radio = document.createElement('input');
  radio.type = 'radio';
  radio.name = question.id;
  radio.value = String(score);
  radio.checked = value === score;
  var end = question.labels ? (score === low ? question.labels[0] : score === high ? question.labels[1] : '') : '';
  radio.setAttribute('aria-label', score + ' 分' + (end ? '（' + end + '）' : ''));
  label.appendChild(radio);
  label.appendChild(make('span', '', String(score)));
  return label;
}

function addNumber(holder, caption, question, value) {
  var inputId = 'q-' + question.id;
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
    holder.appendChild(make('small', 'range', question.max === undefined ? '请填写不小于 ' + question.min + ' 的数字'
      : question.min === undefined ? '请填写不大于 ' + question.max + ' 的数字'
      : '请填写 ' + question.min + '–' + question.max + ' 之间的' + (counts ? '整数' : '数字')));
  }
}

function addText(holder, caption, question, value) {
  var inputId = 'q-' + question.id;
  caption.htmlFor = inputId;
  var area = document.createElement('textarea');
  area.id = inputId;
  area.name = question.id;
  area.maxLength = question.maxLength || 2000;
  if (typeof value === 'string') area.value = value;
  holder.appendChild(area);
}

/** A radio button or checkbox inside its label. */
export function choice(kind, name, value, text, checked) {
  var label = make('label', 'choice');
  var input = document.createElement('input');
  input.type = kind;
  input.name = name;
  input.value = value;
  input.checked = checked;
  label.appendChild(input);
  label.appendChild(make('span', '', text));
  return label;
}

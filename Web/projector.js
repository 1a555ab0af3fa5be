/* Projector: live aggregate results for the meeting room. Read-only; aggregates only; all text via
 textContent; charts are inline SVG drawn here. Protocol: docs/PROTOCOL.md (projector). */
import { el, clear, make, setConnection } from './shared/dom.js';
import { connection } from './shared/socket.js';
import { stashToken, stashedToken } from './shared/link.js';

var SVG = 'http://www.w3.org/2000/svg';
/** Cards a page: four on a tall screen, two where a 720p projector needs larger text. */
function pageSize() { return window.innerHeight <= 900 ? 2 : 4; }
var PAGE_SECONDS = 12;
var params = readParams();
var snapshot = null;
var page = 0;
var tickerIndex = 0;
var shownComments = -1;

function parseHash() {
  var result = {};
  (location.hash || '').replace(/^#/, '').split('&').forEach(function (pair) {
    var parts = pair.split('=');
    if (parts[0]) result[parts[0]] = decodeURIComponent(parts[1] || '');
  });
  return result;
}

// The projector token leaves the address bar at once (as the answer page's does), and is kept
// for this tab only, so that a reload still works.
function readParams() {
  var result = parseHash();
  var key = 'survey.projector';
  if (result.p) stashToken('sessionStorage', key, result.p, result.s ? '#s=' + encodeURIComponent(result.s) : '');
  else result.p = stashedToken('sessionStorage', key);
  return result;
}

/** The line at the foot of the screen, for a bad link; hidden when there is nothing to say. */
function note(text) {
  el('notice').textContent = text;
  el('notice').hidden = !text;
}

// ---------- connection ----------

var socket = connection({
  base: 500,
  cap: 10000,
  hello: function () {
    var watch = { v: 1, type: 'watch', token: params.p };
    if (params.s) watch.survey = params.s;
    return watch;
  },
  receive: receive,
  down: function (stopped) { setConnection(stopped ? '链接无效' : '重新连接中…', false); }
});

function receive(message) {
  if (message.type === 'snapshot') {
    socket.connected();
    setConnection('实时', true);
    note('');
    snapshot = message;
    render();
  } else if (message.type === 'error') {
    if (message.code === 'bad_token') socket.stop();
    note(message.message);
  }
}

// ---------- rendering ----------

function render() {
  var survey = snapshot.survey;
  el('title').textContent = survey ? survey.title : '暂无进行中的问卷';
  el('submitted').textContent = String(snapshot.submitted);
  el('roster').textContent = String(snapshot.roster);
  el('total-bar').style.width = percent(snapshot.submitted, snapshot.roster) + '%';
  renderCategories();
  renderCharts();
  renderItems();
  updateCountdown();
  // Any change in the approved comments (one rejected, one approved) shows at once.
  var comments = JSON.stringify(snapshot.comments);
  if (comments !== shownComments) {
    shownComments = comments;
    tickerIndex = -1;
    tick();
  }
}

function percent(part, whole) { return whole ? Math.round(1000 * part / whole) / 10 : 0; }

function renderCategories() {
  var box = el('categories');
  clear(box);
  snapshot.progress.forEach(function (row) {
    var block = make('div', 'category');
    block.setAttribute('data-category', row.category);
    var name = make('div', 'category-name');
    name.appendChild(make('span', '', row.category));
    name.appendChild(make('span', 'category-count', row.submitted + ' / ' + row.roster));
    var bar = make('div', 'bar');
    var fill = make('div');
    fill.style.width = percent(row.submitted, row.roster) + '%';
    bar.appendChild(fill);
    block.appendChild(name);
    block.appendChild(bar);
    box.appendChild(block);
  });
}

function renderCharts() {
  var box = el('charts');
  clear(box);
  // Worked out once a render, not once a card.
  var pages = pagesOf(snapshot.questions);
  snapshot.questions.forEach(function (question, index) {
    var card = make('article', 'chart');
    card.setAttribute('data-question', question.id);
    card.hidden = pages[Math.min(page, pages.length - 1)].indexOf(index) < 0;
    var tall = isTall(question);
    if (tall) card.className += ' wide';
    card.appendChild(make('h3', '', (index + 1) + '. ' + question.title));
    if (question.type === 'rating' || question.type === 'number') {
      card.appendChild(make('div', 'mean', question.mean === undefined ? '—' : question.mean.toFixed(1)));
      card.lastChild.setAttribute('data-mean', question.mean === undefined ? '' : question.mean.toFixed(1));
    }
    card.appendChild(make('div', 'meta', question.answered + ' 人作答'));
    card.lastChild.setAttribute('data-answered', String(question.answered));
    var rows = bars(question);
    if (rows.length) card.appendChild(chart(rows, tall));
    box.appendChild(card);
  });
  el('page').textContent = '第 ' + (page + 1) + ' / ' + pages.length + ' 页';
}

/** A card whose bars take more than six lines at 8 characters a line: it gets a page of its own,
 *  the panel's whole width, and labels on one line, so that nothing is cut off. */
function isTall(question) {
  return bars(question).reduce(function (lines, row) { return lines + Math.min(3, Math.max(1, Math.ceil(row[0].length / 8))); }, 0) > 6;
}

/** The question indexes on each page: up to pageSize() cards, a tall one alone. */
function pagesOf(questions) {
  var pages = [], current = [];
  questions.forEach(function (question, index) {
    if (isTall(question)) {
      if (current.length) pages.push(current);
      pages.push([index]);
      current = [];
      return;
    }
    current.push(index);
    if (current.length === pageSize()) { pages.push(current); current = []; }
  });
  if (current.length || !pages.length) pages.push(current);
  return pages;
}

/** The bars of one question: [label, key, count], with 不了解/不适用 last when anyone chose it. */
function bars(question) {
  var rows = optionBars(question);
  var unknown = (question.counts || {}).unknown;
  if (unknown && rows.length) rows.push(['不了解/不适用', 'unknown', unknown]);
  return rows;
}

function optionBars(question) {
  var options = snapshot.options[question.id] || [];
  var counts = question.counts || {};
  if (question.type === 'single' || question.type === 'multiple') {
    return options.map(function (option) { return [option.label, option.id, counts[option.id] || 0]; });
  }
  if (question.type === 'yesno') return [['是', 'true', counts['true'] || 0], ['否', 'false', counts['false'] || 0]];
  if (question.type === 'rating') {
    var keys = Object.keys(counts).map(Number).concat([1, 2, 3, 4, 5]);
    var low = Math.min.apply(null, keys), high = Math.max.apply(null, keys);
    var rows = [];
    for (var score = low; score <= high; score += 1) rows.push([score + ' 分', String(score), counts[String(score)] || 0]);
    return rows;
  }
  return [];
}

function chart(rows, wide) {
  var most = Math.max.apply(null, rows.map(function (row) { return row[2]; }).concat([1]));
  var line = 18;
  // Long option labels wrap (8 characters a line, 20 on a wide card; up to 3 lines) instead of being cut.
  var width = wide ? 20 : 8, shift = wide ? 320 : 0;
  var wrapped = rows.map(function (row) {
    var parts = [];
    for (var i = 0; i < row[0].length && parts.length < 3; i += width) parts.push(row[0].slice(i, i + width));
    if (row[0].length > 3 * width) parts[2] = parts[2].slice(0, width - 1) + '…';
    return parts;
  });
  var tops = [], top = 0;
  wrapped.forEach(function (parts) { tops.push(top); top += Math.max(1, parts.length) * line + 4; });
  var svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 ' + (320 + shift) + ' ' + (top + 2));
  svg.setAttribute('role', 'img');
  // Its accessible name says what the bars show, for a screen reader (axe: svg-img-alt).
  var summary = '各选项人数：' + rows.map(function (row) { return row[0] + ' ' + row[2] + ' 人'; }).join('，');
  svg.setAttribute('aria-label', summary);
  var name = document.createElementNS(SVG, 'title');
  name.textContent = summary;
  svg.appendChild(name);
  var layout = { line: line, shift: shift, most: most };
  rows.forEach(function (row, index) { drawRow(svg, row, tops[index], wrapped[index], layout); });
  return svg;
}

/** One bar of a chart at height y: its label in up to three lines, the track, the fill, the count.
 *  layout: the line height, the shift right on a wide card, and the largest count (a full bar). */
function drawRow(svg, row, y, lines, layout) {
  var line = layout.line, shift = layout.shift, most = layout.most;
  var label = document.createElementNS(SVG, 'text');
  label.setAttribute('x', '0');
  label.setAttribute('y', String(y + 14));
  label.setAttribute('class', 'label');
  lines.forEach(function (part, lineIndex) {
    var span = document.createElementNS(SVG, 'tspan');
    span.setAttribute('x', '0');
    span.setAttribute('dy', lineIndex ? String(line) : '0');
    span.textContent = part;
    label.appendChild(span);
  });
  var full = document.createElementNS(SVG, 'title');
  full.textContent = row[0];
  label.appendChild(full);
  var track = document.createElementNS(SVG, 'rect');
  track.setAttribute('class', 'track');
  track.setAttribute('x', String(120 + shift)); track.setAttribute('y', String(y + 4));
  track.setAttribute('width', '160'); track.setAttribute('height', '12');
  var fill = document.createElementNS(SVG, 'rect');
  fill.setAttribute('class', 'fill');
  fill.setAttribute('x', String(120 + shift)); fill.setAttribute('y', String(y + 4));
  fill.setAttribute('width', String(Math.round(160 * row[2] / most))); fill.setAttribute('height', '12');
  var count = document.createElementNS(SVG, 'text');
  count.setAttribute('x', String(288 + shift)); count.setAttribute('y', String(y + 14));
  count.setAttribute('data-key', row[1]);
  count.setAttribute('class', 'count');
  count.textContent = String(row[2]);
  svg.appendChild(label); svg.appendChild(track); svg.appendChild(fill); svg.appendChild(count);
}

function renderItems() {
  var box = el('items');
  clear(box);
  snapshot.items.forEach(function (item) {
    var cell = make('div', 'item');
    cell.setAttribute('data-item', item.id);
    cell.setAttribute('data-share', String(Math.round(item.share * 1000) / 10));
    // Too few respondents: a share would mislead, so the cell stays grey.
    var sparse = item.asked < (snapshot.minSample || 1);
    cell.setAttribute('data-sparse', String(sparse));
    cell.style.background = sparse ? '#8d99ae' : colour(item.share, item.asked);
    cell.appendChild(make('b', '', item.id));
    cell.appendChild(document.createTextNode(item.title));
    cell.appendChild(make('div', 'share', !item.asked ? '—' : sparse ? '样本不足（' + item.asked + ' 人）' : Math.round(item.share * 100) + '%'));
    cell.title = item.title;
    box.appendChild(cell);
  });
}

/** Green for few problems, through amber, to red for many. */
function colour(share, asked) {
  if (!asked) return '#8d99ae';
  var t = Math.min(1, share / 0.4);
  var hue = Math.round(130 - 130 * t);
  return 'hsl(' + hue + ', 70%, 60%)';
}

function updateCountdown() {
  var box = el('countdown');
  if (!snapshot || !snapshot.survey) { box.textContent = ''; return; }
  if (snapshot.survey.closed) { box.textContent = '已结束'; return; }
  if (!snapshot.survey.deadline) { box.textContent = '进行中'; return; }
  var left = new Date(snapshot.survey.deadline).getTime() - Date.now();
  if (left <= 0) { box.textContent = '已截止'; return; }
  var days = Math.floor(left / 86400000);
  var hours = Math.floor(left % 86400000 / 3600000);
  var minutes = Math.floor(left % 3600000 / 60000);
  var seconds = Math.floor(left % 60000 / 1000);
  box.textContent = '距截止 ' + (days ? days + ' 天 ' : '') + pad(hours) + ':' + pad(minutes) + ':' + pad(seconds);
}

function pad(n) { return (n < 10 ? '0' : '') + n; }

// A window moved to another screen may change the cards a page: start the pages again.
window.addEventListener('resize', function () { if (snapshot) { page = 0; renderCharts(); } });

function rotate() {
  if (!snapshot) return;
  page = (page + 1) % pagesOf(snapshot.questions).length;
  renderCharts();
}

function tick() {
  var box = el('ticker');
  if (!snapshot || !snapshot.comments.length) { box.textContent = '暂无已审核的意见'; return; }
  tickerIndex = (tickerIndex + 1) % snapshot.comments.length;
  var hidden = (snapshot.commentsTotal || 0) - snapshot.comments.length;
  box.textContent = snapshot.comments[snapshot.comments.length - 1 - tickerIndex]
    + (hidden > 0 ? '（最新 ' + snapshot.comments.length + ' 条轮播，另有 ' + hidden + ' 条较早意见未显示）' : '');
}

setInterval(updateCountdown, 1000);
setInterval(rotate, PAGE_SECONDS * 1000);
setInterval(tick, 6000);

if (!params.p) {
  setConnection('未授权', false);
  note('请使用 survey projector link 生成的投屏链接打开本页。');
} else {
  socket.start();
}
window.addEventListener('hashchange', function () { location.reload(); });

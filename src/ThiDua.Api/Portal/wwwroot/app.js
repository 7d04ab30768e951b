// The ThiDua portal: hash routes over the HTTP API at /api. Every page asks the API and shows
// only what it answers; a refusal is shown as it comes (problem+json), never worked around.
import { t, lang, setLang } from './i18n.js';

const main = document.getElementById('main');
const apiRoot = new URL('/api/', location.origin);
const tokenKey = 'thidua.token';
const compacts = new Map();
const yearEnds = new Map();
let me = null;
let timers = [];

// ---- HTTP --------------------------------------------------------------------------------
async function api(path, { method = 'GET', json, body, type, raw = false } = {}) {
  // The API writes its refusals (title, detail, field errors) in the language asked for.
  const headers = { 'Accept-Language': lang() };
  const token = sessionStorage.getItem(tokenKey);
  if (token) headers.Authorization = `Bearer ${token}`;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (type) {
    headers['Content-Type'] = type;
  }
  // Under App Service Authentication the session cookie is the credential.
  const response = await fetch(new URL(path, apiRoot), { method, headers, body, credentials: 'same-origin' });
  const contentType = response.headers.get('Content-Type') ?? '';
  let data = null;
  if (raw && response.ok) data = await response.blob();
  else if (contentType.includes('json')) data = await response.json();
  else data = await response.text();
  return { ok: response.ok, status: response.status, data };
}

const enc = encodeURIComponent;
const campaignPath = (b, y) => `blocs/${enc(b)}/campaigns/${enc(y)}`;

function problemText(data) {
  if (data && typeof data === 'object') return data.detail || data.title || JSON.stringify(data);
  return String(data ?? '');
}

// ---- DOM ---------------------------------------------------------------------------------
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function render(...nodes) {
  main.replaceChildren(...nodes.filter((n) => n !== null && n !== undefined && n !== false));
}

const message = (text, cls = 'muted') => el('p', { class: cls, role: cls === 'error' ? 'alert' : null }, text);

function vietnamTime(iso) {
  return new Date(iso).toLocaleString(lang() === 'en' ? 'en-GB' : 'vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'medium' });
}

function countdown(deadline) {
  const node = el('span', { class: 'countdown', id: 'countdown' });
  const tick = () => {
    const left = new Date(deadline).getTime() - Date.now();
    if (left <= 0) {
      node.textContent = t('home.passed');
      return;
    }
    const s = Math.floor(left / 1000);
    const pad = (n) => String(n).padStart(2, '0');
    const days = Math.floor(s / 86400);
    node.textContent = `${days > 0 ? `${days} ${lang() === 'en' ? 'd' : 'ngày'} ` : ''}${pad(Math.floor(s / 3600) % 24)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
  };
  tick();
  timers.push(setInterval(tick, 1000));
  return node;
}

/** A field error's messages, which the API wrote in the reader's language (Accept-Language). */
function fieldErrorText(messages) {
  return messages.join(' ');
}

/** Marks the inputs named by a problem's field errors and writes each message next to its field. */
function showFieldErrors(form, data, fieldFor) {
  for (const node of form.querySelectorAll('.field-error')) node.remove();
  for (const node of form.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
  const unplaced = [];
  for (const [field, messages] of Object.entries(data?.errors ?? {})) {
    const input = fieldFor(field);
    if (!input) {
      unplaced.push(`${field}: ${fieldErrorText(messages)}`);
      continue;
    }
    input.setAttribute('aria-invalid', 'true');
    input.after(el('span', { class: 'field-error', dataset: { field } }, fieldErrorText(messages)));
  }
  return unplaced;
}

// ---- Context -----------------------------------------------------------------------------
async function whoAmI() {
  const reply = await api('me');
  return reply.ok ? reply.data : null;
}

async function compactOf(b, y) {
  const key = `${b}/${y}`;
  if (!compacts.has(key)) {
    const reply = await api(`${campaignPath(b, y)}/compact`);
    if (!reply.ok) return null;
    compacts.set(key, reply.data);
  }
  return compacts.get(key);
}

/** How the year's votes are held ('deadline' or 'conference'), as the conference read says; null when unknown. */
async function yearEndOf(b, y) {
  const key = `${b}/${y}`;
  if (!yearEnds.has(key)) {
    const reply = await api(`${campaignPath(b, y)}/conference`);
    if (!reply.ok) return null;
    yearEnds.set(key, reply.data.mode);
  }
  return yearEnds.get(key);
}

const memberName = (compact, unitId) => compact?.members.find((m) => m.unitId === unitId)?.name ?? unitId;

function navigation(route, compact, mode) {
  const nav = document.getElementById('nav');
  const links = [];
  const link = (href, key) => el('a', { href, class: location.hash === href ? 'active' : null }, t(key));
  const conference = route.bloc && route.year && mode === 'conference' ? `#/blocs/${enc(route.bloc)}/${enc(route.year)}/conference` : null;
  if (me?.role === 'unit' && route.bloc && route.year) {
    const base = `#/blocs/${enc(route.bloc)}/${enc(route.year)}/units/${enc(me.unitId)}`;
    links.push(link(base, 'nav.home'), link(`${base}/compact`, 'nav.compact'), link(`${base}/scores`, 'nav.scores'), link(`${base}/vote`, 'nav.vote'));
    if (conference) links.push(link(conference, 'nav.conference'));
    if (compact?.leaderUnitId === me.unitId) links.push(link(`#/blocs/${enc(route.bloc)}/${enc(route.year)}`, 'nav.leader'));
    else if (compact?.deputyUnitId === me.unitId) links.push(link(`#/blocs/${enc(route.bloc)}/${enc(route.year)}`, 'nav.review'));
  } else if (me?.role === 'admin') {
    links.push(link('#/council', 'nav.council'), link('#/council/proposals', 'nav.proposals'));
    if (conference) links.push(link(conference, 'nav.conference'));
  }
  nav.replaceChildren(...links);
  document.getElementById('signout').hidden = !me;
}

function parseRoute() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'signin') return { page: 'signin' };
  if (parts[0] === 'council' && parts[1] === 'proposals') return { page: 'proposals', year: parts[2] };
  if (parts[0] === 'council') return { page: 'council' };
  if (parts[0] === 'blocs' && parts.length >= 3) {
    const route = { bloc: parts[1], year: parts[2] };
    if (parts.length === 3) return { ...route, page: 'leader' };
    if (parts[3] === 'conference') return { ...route, page: parts[4] === 'screen' ? 'screen' : 'conference' };
    if (parts[3] === 'units' && parts[4]) return { ...route, unit: parts[4], page: parts[5] ?? 'home' };
  }
  return { page: 'start' };
}

// ---- Pages -------------------------------------------------------------------------------
function signInPage(refused) {
  const input = el('input', { type: 'password', id: 'token', name: 'token', autocomplete: 'off', required: true });
  const form = el('form', {
    onsubmit: async (event) => {
      event.preventDefault();
      sessionStorage.setItem(tokenKey, input.value.trim());
      me = await whoAmI();
      if (!me) {
        sessionStorage.removeItem(tokenKey);
        signInPage(true);
        return;
      }
      // A link followed from an email (a new tab, so signed out) opens its page once signed in.
      const target = parseRoute().page === 'signin' || !location.hash ? '#/' : location.hash;
      if (location.hash === target) await route();
      else location.hash = target;
    },
  },
  el('label', { for: 'token' }, t('signin.token')), input, el('p', {}, el('button', { type: 'submit' }, t('signin.submit'))));
  render(el('section', { class: 'card' }, el('h1', {}, t('signin.title')), message(t('signin.help')), refused ? message(t('signin.refused'), 'error') : null, form));
}

async function startPage() {
  if (me.role === 'admin') {
    location.replace('#/council');
    return;
  }
  const years = await api(`blocs/${enc(me.blocId)}/campaigns`);
  if (!years.ok) return render(message(t('common.error', problemText(years.data)), 'error'));
  if (years.data.years.length === 0) return render(message(t('common.noCampaign')));
  location.replace(`#/blocs/${enc(me.blocId)}/${years.data.years[0]}/units/${enc(me.unitId)}`);
}

async function homePage({ bloc, year, unit }, compact) {
  const [status, progress, round, documents] = await Promise.all([
    api(`${campaignPath(bloc, year)}/status`),
    api(`${campaignPath(bloc, year)}/progress`),
    currentRound(bloc, year),
    documentsSection(bloc, year),
  ]);
  if (!status.ok) return render(message(t('common.error', problemText(status.data)), 'error'));
  const s = status.data;
  const mine = progress.ok ? progress.data.members.find((m) => m.unitId === unit) : null;
  const base = `#/blocs/${enc(bloc)}/${enc(year)}/units/${enc(unit)}`;
  const todo = [];
  const beforeSigning = compact && Date.now() < new Date(compact.schedule.signingDeadline).getTime();
  if (mine && !mine.signedAt && beforeSigning) todo.push(el('li', {}, el('a', { href: `${base}/compact`, id: 'todo-sign' }, t('home.todo.sign'))));
  if (mine && !mine.submittedVersion && s.phase === 'scoring') todo.push(el('li', {}, el('a', { href: `${base}/scores`, id: 'todo-scores' }, t('home.todo.scores'))));
  if (round && !round.counted && round.hasVoted === false) todo.push(el('li', {}, el('a', { href: `${base}/vote`, id: 'todo-vote' }, t(`home.todo.vote.${round.purpose}`))));
  render(
    el('h1', {}, t('home.title', memberName(compact, unit), year)),
    el('section', { class: 'card' },
      el('p', {}, t('home.bloc', compact?.blocName ?? bloc)),
      el('p', {}, `${t('home.phase')}: `, el('strong', { id: 'phase', dataset: { phase: s.phase ?? '' } }, t(`phase.${s.phase ?? 'notLaunched'}`))),
      s.deadline ? el('p', { id: 'deadline' }, t('home.deadline', vietnamTime(s.deadline))) : null,
      s.deadline ? el('p', {}, `${t('home.left')}: `, countdown(s.deadline)) : null,
      compact?.leaderUnitId === unit ? el('p', { class: 'ok' }, t('home.leader')) : null),
    el('section', { class: 'card' }, el('h2', {}, t('home.todo')),
      todo.length ? el('ul', { class: 'todo', id: 'todo' }, todo) : message(t('home.todo.none'), 'ok')),
    documents);
}

async function compactPage({ bloc, year, unit }, compact) {
  const [html, progress] = await Promise.all([api(`${campaignPath(bloc, year)}/compact.html`), api(`${campaignPath(bloc, year)}/progress`)]);
  if (!html.ok) return render(message(t('common.error', problemText(html.data)), 'error'));
  const signers = progress.ok ? progress.data.members.filter((m) => m.signedAt) : [];
  const mine = signers.find((m) => m.unitId === unit);
  const status = el('div', { id: 'sign-status', 'aria-live': 'polite' }, mine ? message(t('compact.signed', vietnamTime(mine.signedAt)), 'ok') : null);
  const file = el('input', { type: 'file', id: 'p7s', accept: '.p7s,application/pkcs7-signature' });
  const downloadButton = el('button', {
    type: 'button', id: 'download',
    onclick: () => download(`${campaignPath(bloc, year)}/compact`, `giao-uoc-${bloc}-${year}.json`, status),
  }, t('compact.download'));
  const form = el('form', {
    id: 'sign-form',
    onsubmit: async (event) => {
      event.preventDefault();
      if (!file.files[0]) return status.replaceChildren(message(t('compact.pickFile'), 'error'));
      const reply = await api(`${campaignPath(bloc, year)}/signatures/${enc(unit)}`, { method: 'PUT', body: file.files[0], type: 'application/pkcs7-signature' });
      if (reply.ok) return route();
      status.replaceChildren(message(problemText(reply.data), 'error'));
    },
  }, el('label', { for: 'p7s' }, t('compact.file')), el('div', { class: 'row' }, file, el('button', { type: 'submit', disabled: mine ? true : null }, t('compact.send'))));
  // The actions come before the document: on a phone the frame would otherwise sit between the reader and the button.
  render(
    el('h1', {}, t('compact.title', year)),
    el('section', { class: 'card' }, el('p', {}, downloadButton), me.role === 'unit' ? el('h2', {}, t('compact.upload')) : null, me.role === 'unit' ? form : null, status),
    el('section', { class: 'card' }, el('iframe', { class: 'compact', sandbox: '', title: t('compact.title', year), srcdoc: html.data })),
    el('section', { class: 'card' }, el('h2', {}, t('compact.signers')),
      el('table', { id: 'signers', class: 'stack' },
        el('thead', {}, el('tr', {}, el('th', {}, t('leader.unit')), el('th', {}, t('compact.signedAt')))),
        el('tbody', {}, signers.map((m) => el('tr', {}, el('td', {}, m.name), el('td', { 'data-label': t('compact.signedAt') }, vietnamTime(m.signedAt))))))));
}

const evidenceTypes = {
  '.pdf': 'application/pdf', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function fileSize(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

async function download(path, fileName, status) {
  const reply = await api(path, { raw: true });
  if (!reply.ok) return status.replaceChildren(message(problemText(reply.data), 'error'));
  const a = el('a', { href: URL.createObjectURL(reply.data), download: fileName });
  a.click();
  URL.revokeObjectURL(a.href);
}

/**
 * The year's official documents, each with its .docx and .pdf (downloaded with the caller's credential, as
 * every call of the portal), and those still to come with the step each waits for.
 */
async function documentsSection(bloc, year, heading = t('documents.title')) {
  const reply = await api(`${campaignPath(bloc, year)}/documents`);
  const status = el('div', { class: 'documents-status', 'aria-live': 'polite' });
  const card = (...children) => el('section', { class: 'card documents', dataset: { bloc, year } }, el('h2', {}, heading), ...children, status);
  if (!reply.ok) return card(message(problemText(reply.data), 'error'));
  const { documents, pending } = reply.data;
  const file = (d, f) => el('button', {
    type: 'button', class: 'link', dataset: { format: f.format }, 'aria-label': t('documents.download', d.title, f.format.toUpperCase()),
    onclick: () => download(f.url, `${bloc}-${year}-${d.name}.${f.format}`, status),
  }, f.format === 'docx' ? 'Word (.docx)' : 'PDF');
  return card(
    documents.length === 0 ? message(t('documents.none'))
      : el('ul', { class: 'documents-list' }, documents.map((d) => el('li', { dataset: { document: d.name } },
        el('span', { class: 'title' }, d.title), ' ', el('span', { class: 'files' }, d.files.map((f) => file(d, f)))))),
    pending.length ? el('p', { class: 'muted' }, t('documents.pending')) : null,
    pending.length ? el('ul', { class: 'documents-pending' }, pending.map((d) => el('li', { dataset: { kind: d.kind } }, `${d.title} – ${d.awaits}`))) : null);
}

async function scoresPage({ bloc, year, unit }, compact, notice) {
  if (!compact) return render(message(t('common.forbidden'), 'error'));
  const [history, campaignStatus] = await Promise.all([api(`${campaignPath(bloc, year)}/scores/${enc(unit)}`), api(`${campaignPath(bloc, year)}/status`)]);
  if (!history.ok) return render(message(t('common.error', problemText(history.data)), 'error'));
  // The unit may act only while the API accepts submissions; otherwise the sheet is read-only.
  const open = me.role === 'unit' && campaignStatus.ok && campaignStatus.data.phase === 'scoring';
  const criteria = compact.criteria.items;
  const versions = history.data.versions;
  const latest = versions.at(-1);
  const previous = new Map((latest?.lines ?? []).map((l) => [l.criterionId, l]));
  const attached = new Set((latest?.evidence ?? []).map((e) => e.evidenceId));
  const rows = criteria.map((c, i) => {
    const kind = c.kind.toLowerCase();
    const points = el('input', { type: 'number', inputmode: 'decimal', step: 'any', min: '0', id: `points-${c.id}`, name: `points-${c.id}`, value: previous.get(c.id)?.points ?? '', disabled: !open });
    const reason = kind === 'regular' ? null : el('input', { type: 'text', id: `reason-${c.id}`, name: `reason-${c.id}`, value: previous.get(c.id)?.reason ?? '', disabled: !open });
    return { c, i, points, reason, tr: el('tr', {},
      el('td', {}, c.group ? el('div', { class: 'muted' }, c.group) : null, c.title, kind === 'regular' ? null : el('span', { class: 'tag' }, t(`scores.${kind}`))),
      el('td', { class: 'num', 'data-label': t('scores.max') }, c.maxPoints),
      el('td', { 'data-label': t('scores.points') }, points),
      el('td', { 'data-label': t('scores.reason') }, reason)) };
  });
  const status = el('div', { id: 'score-status', 'aria-live': 'polite' });
  const evidenceStatus = el('div', { id: 'evidence-status', 'aria-live': 'polite' });
  // Files uploaded but not yet listed in a version are attached by default: that is why they were uploaded.
  const evidenceRows = history.data.evidence.map((e) => {
    const box = el('input', { type: 'checkbox', id: `attach-${e.evidenceId}`, name: 'attach', value: e.evidenceId, checked: !latest || attached.has(e.evidenceId) || notice?.uploaded === e.evidenceId, disabled: !open });
    return { e, box, tr: el('tr', { dataset: { evidence: e.evidenceId } },
      el('td', { 'data-label': t('evidence.attach') }, open ? box : (attached.has(e.evidenceId) ? '✓' : t('common.no'))),
      el('td', {}, el('button', { type: 'button', class: 'link', onclick: () => download(`${campaignPath(bloc, year)}/evidence/${enc(unit)}/${enc(e.evidenceId)}`, e.fileName, evidenceStatus) }, e.fileName)),
      el('td', { class: 'num', 'data-label': t('evidence.size') }, fileSize(e.sizeBytes)),
      el('td', { 'data-label': t('evidence.sha256') }, el('code', {}, e.sha256.slice(0, 12)))) };
  });
  let requestId = null;
  const form = el('form', {
    id: 'score-form', novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      // Only filled rows are sent; lineRows maps the API's lines[i] back to the form, evidenceSent its evidence[i].
      const lineRows = rows.filter((r) => r.points.value.trim() !== '' || (r.reason && r.reason.value.trim() !== ''));
      const lines = lineRows.map((r) => ({ criterionId: r.c.id, points: Number(r.points.value || 0), reason: r.reason?.value.trim() || null }));
      const evidenceSent = evidenceRows.filter((r) => r.box.checked);
      requestId ??= `web-${crypto.randomUUID()}`;
      const reply = await api(`${campaignPath(bloc, year)}/scores/${enc(unit)}`, {
        method: 'POST', json: { blocId: bloc, year: Number(year), unitId: unit, clientRequestId: requestId, lines, evidence: evidenceSent.map((r) => r.e) },
      });
      requestId = null;
      if (reply.ok) return scoresPage({ bloc, year, unit }, compact, { saved: reply.data });
      const unplaced = showFieldErrors(document.getElementById('main'), reply.data, (field) => {
        const match = /^(lines|evidence)\[(\d+)\]\.(\w+)$/.exec(field);
        if (!match) return null;
        if (match[1] === 'evidence') return evidenceSent[Number(match[2])]?.box;
        const row = lineRows[Number(match[2])];
        return match[3] === 'reason' ? row?.reason ?? row?.points : row?.points;
      });
      status.replaceChildren(
        message(reply.status === 400 ? t('scores.invalid') : problemText(reply.data), 'error'),
        ...unplaced.map((u) => message(u, 'error')));
    },
  },
  el('table', { class: 'stack' },
    el('thead', {}, el('tr', {}, el('th', {}, t('scores.criterion')), el('th', { class: 'num' }, t('scores.max')), el('th', {}, t('scores.points')), el('th', {}, t('scores.reason')))),
    el('tbody', {}, rows.map((r) => r.tr))),
  open ? el('p', { class: 'muted' }, t('scores.withEvidence')) : null,
  open ? el('p', {}, el('button', { type: 'submit', id: 'submit-scores' }, t('scores.submit'))) : null,
  status);
  const file = el('input', { type: 'file', id: 'evidence-file', name: 'evidence', accept: Object.keys(evidenceTypes).join(',') });
  const upload = el('form', {
    id: 'evidence-form', novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      const picked = file.files[0];
      if (!picked) return evidenceStatus.replaceChildren(message(t('evidence.pick'), 'error'));
      // The API checks the type against the name and the leading bytes; the browser only names the type.
      const extension = /\.[^.]+$/.exec(picked.name.toLowerCase())?.[0] ?? '';
      const type = evidenceTypes[extension] ?? (picked.type || 'application/octet-stream');
      const reply = await api(`${campaignPath(bloc, year)}/evidence/${enc(unit)}?fileName=${enc(picked.name)}`, { method: 'POST', body: picked, type });
      if (reply.ok) return scoresPage({ bloc, year, unit }, compact, { uploaded: reply.data.evidenceId, fileName: reply.data.fileName });
      const unplaced = showFieldErrors(upload, reply.data, () => file);
      evidenceStatus.replaceChildren(message(t('evidence.refused', picked.name), 'error'), ...unplaced.map((u) => message(u, 'error')));
    },
  },
  el('label', { for: 'evidence-file' }, t('evidence.file')),
  el('div', { class: 'row' }, file, el('button', { type: 'submit', id: 'upload-evidence' }, t('evidence.upload'))));
  render(
    el('h1', {}, t('scores.title', year)),
    me.role === 'unit' && !open ? message(t('scores.closed'), 'warn') : null,
    el('section', { class: 'card' }, form),
    el('section', { class: 'card' }, el('h2', {}, t('evidence.title')),
      evidenceRows.length === 0 ? message(t('evidence.none')) : el('table', { id: 'evidence', class: 'stack' },
        el('thead', {}, el('tr', {}, el('th', {}, t('evidence.attach')), el('th', {}, t('evidence.name')), el('th', { class: 'num' }, t('evidence.size')), el('th', {}, t('evidence.sha256')))),
        el('tbody', {}, evidenceRows.map((r) => r.tr))),
      open ? upload : null,
      evidenceStatus),
    el('section', { class: 'card' }, el('h2', {}, t('scores.versions')),
      versions.length === 0 ? message(t('scores.none')) : el('table', { id: 'versions', class: 'stack' },
        el('thead', {}, el('tr', {}, el('th', {}, t('scores.version')), el('th', {}, t('scores.submittedAt')), el('th', { class: 'num' }, t('scores.total')), el('th', {}, t('evidence.title')))),
        el('tbody', {}, versions.toReversed().map((v) => el('tr', {},
          el('td', {}, v.version), el('td', { 'data-label': t('scores.submittedAt') }, vietnamTime(v.submittedAt)), el('td', { class: 'num', 'data-label': t('scores.total') }, v.totals.total),
          el('td', { 'data-label': t('evidence.title') }, v.evidence.map((e) => e.fileName).join(', ') || '–'))))),
      history.data.adjustments.length ? el('h2', {}, t('scores.adjustments')) : null,
      history.data.adjustments.length ? el('ul', {}, history.data.adjustments.map((a) => el('li', {}, `${a.criterionId}: ${a.newPoints} – ${a.reason}`))) : null));
  if (notice?.saved) status.replaceChildren(message(t('scores.saved', notice.saved.version, notice.saved.totals.total), 'ok'));
  if (notice?.uploaded) evidenceStatus.replaceChildren(message(t('evidence.uploaded', notice.fileName), 'ok'));
}

// The votes of a year in the order they are held; the API names them as routes do, its views in camel case.
const purposes = ['leading-unit', 'leader', 'deputy'];
const purposeRoute = (purpose) => (purpose === 'leadingUnit' ? 'leading-unit' : purpose);

/** The round a unit should see: the open one of whichever vote is open, else the latest counted one; null when none opened. */
async function currentRound(bloc, year) {
  const replies = await Promise.all(purposes.map((p) => api(`${campaignPath(bloc, year)}/votes/${p}/current`)));
  const rounds = replies.map((reply, i) => (reply.ok ? { purpose: purposes[i], ...reply.data } : null)).filter(Boolean);
  return rounds.find((r) => !r.counted) ?? rounds.at(-1) ?? null;
}

async function votePage({ bloc, year, unit }, compact) {
  const [r, results] = await Promise.all([currentRound(bloc, year), api(`${campaignPath(bloc, year)}/results`)]);
  if (!r) return render(el('h1', {}, t('vote.title.leading-unit', year, Number(year) + 1)), message(t('vote.none')));
  const leading = r.purpose === 'leading-unit';
  const acclamation = r.candidates.length === 1;
  const closed = r.hasVoted !== false || r.counted;
  const totals = new Map((leading && results.ok ? results.data.ranking?.entries ?? [] : []).map((e) => [e.unitId, e.total]));
  const receiptKey = `thidua.receipt.${r.roundKey}.${unit}`;
  const status = el('div', { id: 'vote-status', 'aria-live': 'polite' });
  const showReceipt = (receipt) => status.replaceChildren(el('p', {}, t('vote.receipt')), el('p', { class: 'receipt', id: 'receipt' }, receipt));
  const check = el('button', {
    type: 'button', id: 'check-receipt',
    onclick: async () => {
      const published = await api(`${campaignPath(bloc, year)}/votes/${r.purpose}/rounds/${r.round}`);
      const out = document.getElementById('check-result');
      if (published.status === 409) return out.replaceChildren(message(t('vote.notCounted')));
      if (!published.ok) return out.replaceChildren(message(problemText(published.data), 'error'));
      const mine = localStorage.getItem(receiptKey);
      const found = published.data.ballots.some((b) => b.receipt === mine);
      out.replaceChildren(message(found ? t('vote.found') : t('vote.notFound'), found ? 'ok' : 'error'),
        message(t('vote.tally', published.data.tally.ballotsCast, published.data.eligibleVoters)));
    },
  }, t('vote.check'));
  const cast = async (choice, form) => {
    const reply = await api(`${campaignPath(bloc, year)}/votes/${r.purpose}/ballots`, { method: 'POST', json: { choice } });
    if (!reply.ok) return status.replaceChildren(message(problemText(reply.data), 'error'));
    localStorage.setItem(receiptKey, reply.data.receipt);
    for (const input of form.querySelectorAll('input, button')) input.disabled = true;
    showReceipt(reply.data.receipt);
  };
  let form;
  if (acclamation) {
    // A single candidate is acclaimed (suy tôn): the ballot says yes (the candidate) or no (no choice).
    const candidate = r.candidates[0];
    form = el('form', { id: 'vote-form', onsubmit: (event) => event.preventDefault() },
      el('p', { class: 'acclaim', id: 'acclaim' }, t(`vote.acclaim.${r.purpose}`, memberName(compact, candidate), year, Number(year) + 1)),
      closed ? null : el('p', {}, message(t('vote.confirm'), 'warn')),
      el('div', { class: 'row' },
        el('button', { type: 'button', id: 'approve', disabled: closed, onclick: () => cast(candidate, form) }, t('vote.approve')),
        el('button', { type: 'button', id: 'reject', class: 'secondary', disabled: closed, onclick: () => cast(null, form) }, t('vote.reject'))));
  } else {
    const candidates = el('table', { id: 'candidates', class: 'stack' },
      el('thead', {}, el('tr', {}, el('th', {}, ''), el('th', {}, t('vote.candidate')), leading ? el('th', { class: 'num' }, t('vote.total')) : null)),
      el('tbody', {}, r.candidates.map((c) => el('tr', {},
        el('td', {}, el('input', { type: 'radio', name: 'choice', value: c, id: `choice-${c}`, disabled: closed })),
        el('td', {}, el('label', { for: `choice-${c}` }, memberName(compact, c))),
        leading ? el('td', { class: 'num', 'data-label': t('vote.total') }, totals.get(c) ?? '') : null))));
    form = el('form', {
      id: 'vote-form',
      onsubmit: async (event) => {
        event.preventDefault();
        const picked = form.querySelector('input[name=choice]:checked');
        await cast(!picked || picked.value === '' ? null : picked.value, form);
      },
    },
    candidates,
    el('label', { class: 'choice' }, el('input', { type: 'radio', name: 'choice', value: '', disabled: closed }), ' ', t('vote.abstain')),
    closed ? null : el('p', {}, message(t('vote.confirm'), 'warn'), el('button', { type: 'submit', id: 'cast' }, t('vote.cast'))));
  }
  render(
    el('h1', { id: 'vote-title' }, t(`vote.title.${r.purpose}`, year, Number(year) + 1)),
    el('section', { class: 'card' }, message(t('vote.round', r.round, vietnamTime(r.closesAt))), form,
      r.hasVoted ? message(t('vote.already'), 'ok') : null, status),
    el('section', { class: 'card' }, check, el('div', { id: 'check-result', 'aria-live': 'polite' })));
  const kept = localStorage.getItem(receiptKey);
  if (kept) showReceipt(kept);
}

// ---- The year-end conference ------------------------------------------------------------
const percent = (votes, base) => `${new Intl.NumberFormat(lang() === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 1 }).format(base > 0 ? (votes * 100) / base : 0)}%`;

/** What a closed round decided, in words. */
function outcomeText(round, nameOf) {
  const tally = round.tally;
  const purpose = purposeRoute(round.purpose);
  if (tally.outcome === 'winner') return t(round.candidates.length === 1 ? `conf.acclaimed.${purpose}` : `conf.winner.${purpose}`, nameOf(tally.winnerId));
  const why = t(`conf.outcome.${tally.outcome}`, tally.ballotsCast, tally.quorumBallots);
  if (tally.next === 'runoff') return `${why} ${t('conf.runoff', tally.runoffCandidates.map(nameOf).join(', '))}`;
  return `${why} ${t('conf.undecided')}`;
}

/** A closed round's result: votes per candidate by name and percentage on the rules' base, and what it decided. */
function roundResult(round, attrs = {}) {
  const tally = round.tally;
  const names = new Map(round.candidates.map((c) => [c.unitId, c.name]));
  const nameOf = (id) => names.get(id) ?? '';
  const base = tally.thresholdBase || tally.ballotsCast;
  const acclamation = round.candidates.length === 1;
  const rows = acclamation
    ? [[t('vote.approve'), tally.counts[0]?.votes ?? 0], [t('vote.reject'), tally.abstentions]]
    : tally.counts.map((c) => [nameOf(c.candidateId), c.votes]);
  return el('div', { class: 'result', ...attrs },
    el('h3', {}, t('conf.roundTitle', t(`purpose.${purposeRoute(round.purpose)}`), round.round)),
    acclamation ? el('p', {}, t('conf.acclaimOf', nameOf(round.candidates[0].unitId))) : null,
    el('table', { class: 'stack tally' },
      el('thead', {}, el('tr', {}, el('th', {}, acclamation ? t('conf.answer') : t('vote.candidate')), el('th', { class: 'num' }, t('conf.votes')), el('th', { class: 'num' }, t('conf.percent')))),
      el('tbody', {}, rows.map(([label, votes]) => el('tr', {},
        el('td', {}, label),
        el('td', { class: 'num', 'data-label': t('conf.votes') }, votes),
        el('td', { class: 'num', 'data-label': t('conf.percent') }, percent(votes, base)))))),
    el('p', { class: 'muted' }, t('conf.cast', tally.ballotsCast, round.eligible),
      !acclamation && tally.abstentions ? ` · ${t('conf.blank', tally.abstentions)}` : '',
      tally.invalidBallots ? ` · ${t('conf.invalid', tally.invalidBallots)}` : ''),
    el('p', { class: 'outcome' }, el('strong', {}, outcomeText(round, nameOf))));
}

/** The round in progress: who stands and how many ballots are in, never what they say. */
function openRoundNotice(round, attrs = {}) {
  return el('div', { class: 'open-round', ...attrs },
    el('h3', {}, t('conf.roundTitle', t(`purpose.${purposeRoute(round.purpose)}`), round.round)),
    el('p', {}, `${t('conf.candidates')}: ${round.candidates.map((c) => c.name).join(', ')}`),
    el('p', { class: 'count', id: 'ballot-count' }, t('conf.received', round.ballotsReceived, round.eligible)),
    el('p', { class: 'muted' }, t('conf.closesAt', vietnamTime(round.closesAt))));
}

async function conferencePage({ bloc, year }, compact) {
  const path = `${campaignPath(bloc, year)}/conference`;
  const first = await api(path);
  if (!first.ok) return render(message(t('common.error', problemText(first.data)), 'error'));
  if (first.data.mode !== 'conference') return render(el('h1', {}, t('conf.title', first.data.blocName, year)), message(t('conf.notConference')));
  const chair = me.role === 'admin' || me.unitId === first.data.chairUnitId;
  const out = el('div', { id: 'conference-status', 'aria-live': 'polite' });
  const state = el('div', { id: 'conference-state' });
  const live = el('div', { id: 'live', 'aria-live': 'polite' });
  const results = el('div', { id: 'results' });
  const nominations = el('div', { id: 'nominations' });
  const attendance = el('div', { id: 'attendance-section' });
  let view = first.data;
  let pending = null;

  const act = async (request, done) => {
    const reply = await request;
    out.replaceChildren(reply.ok ? message(done, 'ok') : message(problemText(reply.data), 'error'));
    if (reply.ok) await refresh();
    return reply;
  };
  const button = (id, label, onclick, cls) => el('button', { type: 'button', id, class: cls, onclick }, label);

  const showState = () => {
    const v = view;
    const stage = v.closed ? 'conf.stage.closed' : v.opened ? 'conf.stage.open' : 'conf.stage.notOpen';
    const controls = [];
    if (chair && !v.opened && !v.closed) {
      controls.push(button('open-conference', t('conf.open'), () => act(api(`${path}/open`, { method: 'POST' }), t('conf.opened'))));
    }
    if (chair && v.opened && !v.closed && !v.openRound && v.nextPurpose && pending === null) {
      const purpose = purposeRoute(v.nextPurpose);
      controls.push(button('open-round', t('conf.openRound', t(`purpose.${purpose}`), v.nextRound), async () => {
        const reply = await act(api(`${path}/rounds`, { method: 'POST', json: { purpose } }), t('conf.roundRequested'));
        if (reply.ok) pending = `${purpose}/${reply.data.round}`;
        showState();
      }));
    }
    if (chair && v.openRound) {
      const round = v.openRound;
      controls.push(button('close-round', t('conf.closeRound'), () => act(api(`${campaignPath(bloc, year)}/votes/${purposeRoute(round.purpose)}/rounds/${round.round}/close`, { method: 'POST' }), t('conf.closeRequested'))));
    }
    if (chair && v.opened && !v.closed && !v.openRound) {
      controls.push(button('close-conference', t('conf.close'), () => act(api(`${path}/close`, { method: 'POST' }), t('conf.closedNow')), 'secondary'));
    }
    state.replaceChildren(...[
      el('p', {}, `${t('conf.stage')}: `, el('strong', { id: 'stage' }, t(stage))),
      el('p', { id: 'quorum', class: v.quorum ? 'ok' : 'warn' }, t('conf.quorum', v.presentCount, v.members, v.quorumNeeded)),
      v.nextPurpose && !v.openRound && !v.closed ? el('p', { id: 'next-vote' }, t('conf.next', t(`purpose.${purposeRoute(v.nextPurpose)}`), v.nextRound)) : null,
      controls.length ? el('div', { class: 'row' }, controls) : null,
      el('p', {}, el('a', { href: `#/blocs/${enc(bloc)}/${enc(year)}/conference/screen`, id: 'projector' }, t('conf.projector'))),
      !chair && me.role === 'unit' && v.openRound ? el('p', {}, el('a', { href: `#/blocs/${enc(bloc)}/${enc(year)}/units/${enc(me.unitId)}/vote`, id: 'to-ballot' }, t('conf.toBallot'))) : null,
    ].filter(Boolean));
  };

  const showLive = () => {
    const v = view;
    live.replaceChildren(v.openRound ? openRoundNotice(v.openRound) : message(pending ? t('conf.opening') : t('conf.noOpenRound')));
    results.replaceChildren(...(v.closedRounds.length ? [...v.closedRounds].reverse().map((r) => roundResult(r, { dataset: { purpose: purposeRoute(r.purpose), round: r.round } })) : [message(t('conf.noResult'))]));
  };

  const showNominations = () => {
    const v = view;
    nominations.replaceChildren(v.nominations.length === 0 ? message(t('conf.noNomination')) : el('table', { id: 'nominees', class: 'stack' },
      el('thead', {}, el('tr', {}, el('th', {}, t('conf.nominatedFor')), el('th', {}, t('vote.candidate')), el('th', {}, ''))),
      el('tbody', {}, v.nominations.map((n) => el('tr', { dataset: { purpose: n.purpose, declined: String(n.declined) } },
        el('td', {}, t(`conf.role.${n.purpose}`)),
        el('td', {}, n.name),
        el('td', {}, n.declined ? el('span', { class: 'muted' }, t('conf.declined'))
          : me.unitId === n.unitId ? button(`decline-${n.purpose}`, t('conf.decline'), () => act(api(`${campaignPath(bloc, year)}/nominations/${n.purpose}/${enc(n.unitId)}/decline`, { method: 'POST' }), t('conf.declinedNow')), 'secondary') : ''))))));
  };

  const showAttendance = () => {
    const choices = ['present', 'represented', 'absent'];
    const rows = view.attendance.map((a, i) => el('tr', { dataset: { index: i } },
      el('td', {}, a.name),
      ...choices.map((c) => el('td', { 'data-label': t(`conf.attendance.${c}`) },
        el('label', { class: 'choice' }, el('input', { type: 'radio', name: `attendance-${i}`, value: c, checked: a.attendance === c, disabled: view.closed }), ' ', t(`conf.attendance.${c}`))))));
    const form = el('form', {
      id: 'attendance-form',
      onsubmit: async (event) => {
        event.preventDefault();
        const entries = view.attendance.map((a, i) => ({ unitId: a.unitId, attendance: form.querySelector(`input[name="attendance-${i}"]:checked`)?.value ?? 'absent' }));
        const reply = await act(api(`${path}/attendance`, { method: 'PUT', json: { attendance: entries } }), t('conf.attendanceSaved'));
        if (reply.ok) showAttendance();
      },
    },
    el('table', { id: 'attendance', class: 'stack' },
      el('thead', {}, el('tr', {}, el('th', {}, t('leader.unit')), choices.map((c) => el('th', {}, t(`conf.attendance.${c}`))))),
      el('tbody', {}, rows)),
    el('p', {}, el('button', { type: 'submit', id: 'save-attendance', disabled: view.closed }, t('conf.saveAttendance'))));
    attendance.replaceChildren(form);
  };

  const nominate = () => {
    const purpose = el('select', { id: 'nominate-purpose' }, ['leader', 'deputy'].map((p) => el('option', { value: p }, t(`conf.role.${p}`))));
    const unitSelect = el('select', { id: 'nominate-unit' }, view.attendance.map((a) => el('option', { value: a.unitId }, a.name)));
    return el('form', {
      id: 'nominate-form',
      onsubmit: async (event) => {
        event.preventDefault();
        await act(api(`${campaignPath(bloc, year)}/nominations/${purpose.value}/${enc(unitSelect.value)}`, { method: 'PUT' }), t('conf.nominated'));
      },
    },
    el('label', { for: 'nominate-purpose' }, t('conf.nominatedFor')), purpose,
    el('label', { for: 'nominate-unit' }, t('vote.candidate')), unitSelect,
    el('p', {}, el('button', { type: 'submit', id: 'nominate' }, t('conf.nominate'))));
  };

  async function refresh() {
    const reply = await api(path);
    if (!reply.ok) return;
    view = reply.data;
    if (view.openRound || view.closed || (pending && view.closedRounds.some((r) => `${purposeRoute(r.purpose)}/${r.round}` === pending))) pending = null;
    showState();
    showLive();
    showNominations();
  }

  render(
    el('h1', {}, t('conf.title', view.blocName, year)),
    el('section', { class: 'card' }, state, out),
    el('section', { class: 'card' }, el('h2', {}, t('conf.live')), live),
    el('section', { class: 'card' }, el('h2', {}, t('conf.results')), results),
    chair ? el('section', { class: 'card' }, el('h2', {}, t('conf.attendance')), attendance) : null,
    el('section', { class: 'card' }, el('h2', {}, t('conf.nominations')), nominations, chair ? nominate() : null));
  showState();
  showLive();
  showNominations();
  if (chair) showAttendance();
  // The count of ballots moves as units vote: the page asks again every two seconds.
  timers.push(setInterval(refresh, 2000));
}

/** The projector view: the current round's count or the last result, large, with nothing else. */
async function screenPage({ bloc, year }) {
  const path = `${campaignPath(bloc, year)}/conference`;
  const show = async () => {
    const reply = await api(path);
    if (!reply.ok) return render(message(problemText(reply.data), 'error'));
    const v = reply.data;
    const last = v.closedRounds.at(-1);
    render(
      el('h1', {}, t('conf.title', v.blocName, year)),
      v.openRound ? openRoundNotice(v.openRound, { id: 'screen-open' })
        : last ? roundResult(last, { id: 'screen-result' })
          : message(t('conf.noOpenRound')));
  };
  await show();
  timers.push(setInterval(show, 2000));
}

async function leaderPage({ bloc, year }, compact) {
  const isLeader = me.role === 'unit' && compact?.leaderUnitId === me.unitId;
  if (me.role === 'unit' && !isLeader && compact?.deputyUnitId !== me.unitId) {
    return render(message(t('leader.notLeader'), 'error'), me.blocId === bloc ? el('a', { href: `#/blocs/${enc(bloc)}/${enc(year)}/units/${enc(me.unitId)}` }, t('nav.home')) : null);
  }
  const [progress, status, documents] = await Promise.all([
    api(`${campaignPath(bloc, year)}/progress`), api(`${campaignPath(bloc, year)}/status`), documentsSection(bloc, year)]);
  if (!progress.ok) return render(message(t('common.error', problemText(progress.data)), 'error'));
  const p = progress.data;
  const members = p.members;
  const count = (f) => members.filter(f).length;
  const mark = (v) => (v ? el('span', { class: 'ok' }, '✓ ', t('common.yes')) : el('span', { class: 'muted' }, t('common.no')));
  const out = el('div', { id: 'leader-status', 'aria-live': 'polite' });
  // The leader reviews every unit but its own, which the deputy or council staff review (null), as the bloc's rule says.
  const reviewerOf = (unitId) => (unitId === p.leaderUnitId ? p.leaderReviewerUnitId ?? null : p.leaderUnitId);
  const reviewable = members.filter((m) => reviewerOf(m.unitId) === (me.role === 'admin' ? null : me.unitId));
  const unitSelect = el('select', { id: 'adjust-unit', name: 'unitId' }, reviewable.map((m) => el('option', { value: m.unitId }, m.name)));
  const criterionSelect = el('select', { id: 'adjust-criterion', name: 'criterionId' }, (compact?.criteria.items ?? []).map((c) => el('option', { value: c.id }, `${c.id} – ${c.title} (≤ ${c.maxPoints})`)));
  const points = el('input', { type: 'number', step: 'any', id: 'adjust-points', name: 'newPoints' });
  const reason = el('input', { type: 'text', id: 'adjust-reason', name: 'reason' });
  const fields = { unitId: unitSelect, criterionId: criterionSelect, newPoints: points, reason };
  const adjust = el('form', {
    id: 'adjust-form', novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      const reply = await api(`${campaignPath(bloc, year)}/adjustments`, {
        method: 'POST',
        json: { clientRequestId: `web-${crypto.randomUUID()}`, unitId: unitSelect.value, criterionId: criterionSelect.value, newPoints: Number(points.value), reason: reason.value },
      });
      const unplaced = showFieldErrors(adjust, reply.ok ? {} : reply.data, (f) => fields[f]);
      out.replaceChildren(reply.ok ? message(t('leader.adjusted'), 'ok') : message(problemText(reply.data), 'error'), ...unplaced.map((u) => message(u, 'error')));
    },
  },
  el('label', { for: 'adjust-unit' }, t('leader.adjustUnit')), unitSelect,
  el('label', { for: 'adjust-criterion' }, t('leader.adjustCriterion')), criterionSelect,
  el('label', { for: 'adjust-points' }, t('leader.adjustPoints')), el('div', {}, points),
  el('label', { for: 'adjust-reason' }, t('leader.adjustReason')), reason,
  el('p', {}, el('button', { type: 'submit' }, t('leader.adjustSend'))));
  const close = el('button', {
    type: 'button', id: 'close-review',
    onclick: async () => {
      const reply = await api(`${campaignPath(bloc, year)}/review/close`, { method: 'POST' });
      out.replaceChildren(message(reply.ok ? t('leader.closed') : problemText(reply.data), reply.ok ? 'ok' : 'error'));
    },
  }, t('leader.close'));
  const s = status.ok ? status.data : null;
  // The deputy comes only to review the leader's own points: who voted is the leader's and the council's to see.
  const overseer = me.role === 'admin' || isLeader;
  render(
    el('h1', {}, t(overseer ? 'leader.title' : 'leader.reviewTitle', year)),
    el('section', { class: 'card' },
      el('p', {}, t('home.bloc', compact?.blocName ?? bloc)),
      s ? el('p', {}, `${t('home.phase')}: `, el('strong', { id: 'phase', dataset: { phase: s.phase ?? '' } }, t(`phase.${s.phase ?? 'notLaunched'}`))) : null,
      s?.deadline ? el('p', {}, t('home.deadline', vietnamTime(s.deadline)), ' · ', countdown(s.deadline)) : null,
      overseer ? el('p', { id: 'summary' }, t('leader.summary', count((m) => m.signedAt), count((m) => m.submittedVersion), count((m) => m.voted), members.length)) : null),
    overseer ? el('section', { class: 'card' },
      el('table', { id: 'progress', class: 'stack' },
        el('thead', {}, el('tr', {}, ['leader.unit', 'leader.signed', 'leader.submitted', 'leader.voted'].map((k) => el('th', {}, t(k))))),
        el('tbody', {}, members.map((m) => el('tr', { dataset: { unit: m.unitId } },
          el('td', {}, m.name),
          el('td', { 'data-label': t('leader.signed') }, mark(m.signedAt)),
          el('td', { 'data-label': t('leader.submitted') }, m.submittedVersion ? `v${m.submittedVersion}` : mark(false)),
          el('td', { 'data-label': t('leader.voted') }, mark(m.voted)))))),
      p.late?.length ? el('p', { class: 'warn' }, `${t('leader.late')}: ${p.late.map((l) => memberName(compact, l.unitId)).join(', ')}`) : null) : null,
    reviewable.length || isLeader
      ? el('section', { class: 'card' }, reviewable.length ? [el('h2', {}, t('leader.adjust')), adjust] : null, isLeader ? el('p', {}, close) : null, out)
      : null,
    documents);
}

async function councilPage() {
  if (me.role !== 'admin') return render(message(t('council.onlyAdmin'), 'error'));
  const blocs = await api('blocs');
  if (!blocs.ok) return render(message(problemText(blocs.data), 'error'));
  const campaignOf = async (blocId, year) => {
    const [status, results, progress] = await Promise.all([
      api(`${campaignPath(blocId, year)}/status`), api(`${campaignPath(blocId, year)}/results`), api(`${campaignPath(blocId, year)}/progress`)]);
    return { year, compact: await compactOf(blocId, year), status: status.ok ? status.data : null, results: results.ok ? results.data : null, progress: progress.ok ? progress.data : null };
  };
  const rows = await Promise.all(blocs.data.map(async ({ bloc }) => {
    const years = await api(`blocs/${enc(bloc.blocId)}/campaigns`);
    return { bloc, campaigns: years.ok ? await Promise.all(years.data.years.map((y) => campaignOf(bloc.blocId, y))) : [] };
  }));
  const current = rows.map((r) => ({ bloc: r.bloc, ...(r.campaigns[0] ?? {}) }));
  const documents = await Promise.all(current.filter((r) => r.year).map((r) => documentsSection(r.bloc.blocId, r.year, t('council.documents', r.bloc.name, r.year))));
  const archived = rows.flatMap((r) => r.campaigns.filter((c) => c.results?.archive).map((c) => ({ bloc: r.bloc, ...c })));
  const resultCells = (r) => [
    el('td', { 'data-label': t('council.leading'), class: 'leading' }, r.results?.leadingUnitId ? memberName(r.compact, r.results.leadingUnitId) : ''),
    el('td', { 'data-label': t('council.nextLeader') }, r.results?.nextLeaderUnitId ? memberName(r.compact, r.results.nextLeaderUnitId) : ''),
  ];
  render(
    el('h1', {}, t('council.title')),
    el('table', { id: 'blocs', class: 'stack' },
      el('thead', {}, el('tr', {}, ['council.bloc', 'council.year', 'council.phase', 'council.version', 'council.pending', 'council.late', 'council.leading', 'council.nextLeader', 'council.archive'].map((k) => el('th', {}, t(k))))),
      el('tbody', {}, current.map((r) => el('tr', { dataset: { bloc: r.bloc.blocId } },
        el('td', {}, r.year ? el('a', { href: `#/blocs/${enc(r.bloc.blocId)}/${r.year}` }, r.bloc.name) : r.bloc.name),
        el('td', { 'data-label': t('council.year') }, r.year ?? '–'),
        el('td', { 'data-label': t('council.phase'), class: 'phase', dataset: { phase: r.status?.phase ?? '' } }, r.status ? t(`phase.${r.status.phase ?? 'notLaunched'}`) : '–'),
        el('td', { 'data-label': t('council.version'), class: 'version' }, r.status?.workflowVersion ?? ''),
        el('td', { 'data-label': t('council.pending') }, (r.status?.pending ?? []).map((u) => memberName(r.compact, u)).join(', ')),
        el('td', { 'data-label': t('council.late'), class: 'late' }, (r.progress?.late ?? []).map((l) => memberName(r.compact, l.unitId)).join(', ')),
        ...resultCells(r),
        el('td', { 'data-label': t('council.archive'), class: 'archive' }, r.results?.archive ? t('council.archived') : ''))))),
    el('h2', {}, t('council.archives')),
    archived.length === 0 ? message(t('council.noArchive')) : el('table', { id: 'archives', class: 'stack' },
      el('thead', {}, el('tr', {}, ['council.bloc', 'council.year', 'council.leading', 'council.nextLeader', 'council.archive', 'council.verification'].map((k) => el('th', {}, t(k))))),
      el('tbody', {}, archived.map((r) => el('tr', { dataset: { bloc: r.bloc.blocId, year: r.year } },
        el('td', {}, el('a', { href: `#/blocs/${enc(r.bloc.blocId)}/${r.year}` }, r.bloc.name)),
        el('td', { 'data-label': t('council.year') }, r.year),
        ...resultCells(r),
        el('td', { 'data-label': t('council.archive'), class: 'archive' }, el('code', {}, r.results.archive.location), el('div', { class: 'muted' }, `SHA-256 ${r.results.archive.manifestSha256.slice(0, 16)}…`)),
        el('td', { 'data-label': t('council.verification'), class: 'verification', 'aria-live': 'polite' }, message(t('council.verifying'))))))),
    el('h2', {}, t('documents.title')),
    ...(documents.length ? documents : [message(t('documents.none'))]));
  // Each archived year is verified after the page shows, so a slow verification never holds the overview back.
  for (const r of archived) {
    const cell = main.querySelector(`#archives tr[data-bloc="${CSS.escape(r.bloc.blocId)}"][data-year="${r.year}"] td.verification`);
    api(`${campaignPath(r.bloc.blocId, r.year)}/verification`).then((reply) => {
      if (!reply.ok) return cell.replaceChildren(message(problemText(reply.data), 'error'));
      const v = reply.data;
      const failing = v.checks.filter((c) => !c.holds);
      cell.dataset.holds = String(v.holds);
      cell.replaceChildren(message(v.holds ? t('council.holds', v.checks.length) : t('council.broken', failing.length, v.checks.length), v.holds ? 'ok' : 'error'));
      if (failing.length) cell.append(el('ul', {}, failing.map((c) => el('li', {}, `${c.description}: ${c.problem}`))));
    }).catch((error) => cell.replaceChildren(message(t('common.error', error?.message ?? error), 'error')));
  }
}

/** The year whose proposals the council reviews by default: the year-end conferences of December and January decide the year that just ended. */
function conferenceYear() {
  const vietnam = new Date(Date.now() + 7 * 3600 * 1000);
  return vietnam.getUTCMonth() === 0 ? vietnam.getUTCFullYear() - 1 : vietnam.getUTCFullYear();
}

async function proposalsPage({ year }) {
  if (me.role !== 'admin') return render(message(t('council.onlyAdmin'), 'error'));
  const shown = /^\d{4}$/.test(year ?? '') ? year : String(conferenceYear());
  const reply = await api(`proposals/${enc(shown)}`);
  if (!reply.ok) return render(message(t('common.error', problemText(reply.data)), 'error'));
  const yearInput = el('input', { type: 'number', id: 'proposals-year', name: 'year', min: 2000, max: 2100, value: shown });
  const pick = el('form', {
    id: 'proposals-year-form', class: 'inline',
    onsubmit: (event) => {
      event.preventDefault();
      location.hash = `#/council/proposals/${enc(yearInput.value)}`;
    },
  }, el('label', { for: 'proposals-year' }, t('proposals.year')), yearInput, el('button', { type: 'submit' }, t('proposals.show')));
  const status = (p) => `${t(`proposals.status.${p.status}`)}${p.undecidedVote ? ` ${t('proposals.undecidedVote')}` : ''}`;
  const row = (p) => {
    const id = `${p.blocId}-${p.unitId}-${p.level}`;
    const reason = el('input', { type: 'text', id: `reason-${id}`, name: 'reason', 'aria-label': t('proposals.reason') });
    const out = el('div', { class: 'decision-status', 'aria-live': 'polite' });
    const decide = async (outcome) => {
      const reply = await api(`${campaignPath(p.blocId, shown)}/proposals/${enc(p.unitId)}/decision`, {
        method: 'POST', json: { levelId: p.level, outcome, reason: reason.value.trim() || null },
      });
      if (reply.ok) return route();
      // A reason refused is said next to its field; anything else (already decided, not found) below the buttons.
      const unplaced = showFieldErrors(form, reply.data, (f) => (f === 'reason' ? reason : null));
      const placed = Object.keys(reply.data?.errors ?? {}).length > unplaced.length;
      out.replaceChildren(...(placed ? [] : [message(problemText(reply.data), 'error')]), ...unplaced.map((u) => message(u, 'error')));
    };
    const form = el('form', { class: 'decision', novalidate: true, onsubmit: (event) => event.preventDefault() },
      reason,
      el('button', { type: 'button', class: 'accept', onclick: () => decide('accepted') }, t('proposals.accept')),
      el('button', { type: 'button', class: 'return', onclick: () => decide('returned') }, t('proposals.return')),
      out);
    return el('tr', { dataset: { bloc: p.blocId, unit: p.unitId, level: p.level, status: p.status } },
      el('td', {}, p.blocName),
      el('td', { 'data-label': t('proposals.unit') }, p.unitName),
      el('td', { 'data-label': t('proposals.level') }, p.levelName),
      el('td', { 'data-label': t('proposals.status'), class: 'status' }, status(p)),
      el('td', { 'data-label': t('proposals.decision'), class: 'decision' },
        p.status === 'proposed' ? form : [p.reason ?? '', p.decidedAt ? el('div', { class: 'muted' }, vietnamTime(p.decidedAt)) : null]));
  };
  const list = reply.data.proposals;
  render(
    el('h1', {}, t('proposals.title', shown)),
    el('section', { class: 'card' }, message(t('proposals.help')), pick),
    list.length === 0 ? message(t('proposals.none', shown)) : el('table', { id: 'proposals', class: 'stack' },
      el('thead', {}, el('tr', {}, ['council.bloc', 'proposals.unit', 'proposals.level', 'proposals.status', 'proposals.decision'].map((k) => el('th', {}, t(k))))),
      el('tbody', {}, list.map(row))));
}

// ---- Router ------------------------------------------------------------------------------
// Routes run one after another, so a slow page never paints over the page asked for after it.
let routing = Promise.resolve();

function route() {
  routing = routing.then(routeNow).catch(showFailure);
  return routing;
}

async function routeNow() {
  for (const timer of timers) clearInterval(timer);
  timers = [];
  const current = parseRoute();
  // The projector view shows the room nothing but the vote.
  document.body.classList.toggle('screen', current.page === 'screen');
  if (current.page === 'signin' || !(me ??= await whoAmI())) {
    navigation({}, null);
    return signInPage(false);
  }
  if (current.page === 'start') {
    navigation({}, null);
    return startPage();
  }
  if (current.page === 'council') {
    navigation({}, null);
    return councilPage();
  }
  if (current.page === 'proposals') {
    navigation({}, null);
    return proposalsPage(current);
  }
  render(message(t('common.loading')));
  const [compact, mode] = await Promise.all([compactOf(current.bloc, current.year), yearEndOf(current.bloc, current.year)]);
  navigation(current, compact, mode);
  if (current.unit && me.role === 'unit' && (current.unit !== me.unitId || current.bloc !== me.blocId)) {
    return render(message(t('common.forbidden'), 'error'));
  }
  const pages = { home: homePage, compact: compactPage, scores: scoresPage, vote: votePage, leader: leaderPage, conference: conferencePage, screen: screenPage };
  const page = pages[current.page];
  if (!page) return render(message(t('common.forbidden'), 'error'));
  await page(current, compact);
}

function applyLanguage() {
  document.documentElement.lang = lang();
  document.getElementById('lang').textContent = t('lang.switch');
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
}

document.getElementById('lang').addEventListener('click', async () => {
  setLang(lang() === 'vi' ? 'en' : 'vi');
  applyLanguage();
  await route();
});
document.getElementById('signout').addEventListener('click', () => {
  sessionStorage.removeItem(tokenKey);
  me = null;
  location.hash = '#/signin';
});
window.addEventListener('hashchange', () => route());

function showFailure(error) {
  render(message(t('common.error', error?.message ?? error), 'error'));
}

applyLanguage();
route();

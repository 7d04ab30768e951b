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
async function api(path, { method = 'GET', json, body, type, raw = false, ifMatch } = {}) {
  // The API writes its refusals (title, detail, field errors) in the language asked for.
  const headers = { 'Accept-Language': lang() };
  // Edits carry the ETag they were read with: a record changed by someone else since is refused (412), never overwritten.
  if (ifMatch) headers['If-Match'] = ifMatch;
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
  return { ok: response.ok, status: response.status, data, etag: response.headers.get('ETag') };
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
  // A four-digit year and two-digit days: "23:59:59 15/12/2027" reads the same on every page and in every document.
  return new Date(iso).toLocaleString(lang() === 'en' ? 'en-GB' : 'vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  });
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
    links.push(link('#/council', 'nav.council'), link('#/council/blocs', 'nav.blocs'), link('#/council/proposals', 'nav.proposals'));
    if (conference) links.push(link(conference, 'nav.conference'));
  }
  nav.replaceChildren(...links);
  document.getElementById('signout').hidden = !me;
}

function parseRoute() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'signin') return { page: 'signin' };
  if (parts[0] === 'council' && parts[1] === 'proposals') return { page: 'proposals', year: parts[2] };
  if (parts[0] === 'council' && parts[1] === 'blocs') {
    if (!parts[2]) return { page: 'blocs' };
    if (parts[3] === 'units') return parts[4] ? { page: 'unit', bloc: parts[2], unit: parts[4] } : { page: 'units', bloc: parts[2] };
    return { page: 'bloc', bloc: parts[2] };
  }
  if (parts[0] === 'council') return { page: 'council', year: parts[1] };
  if (parts[0] === 'blocs' && parts.length >= 3) {
    const route = { bloc: parts[1], year: parts[2] };
    if (parts.length === 3) return { ...route, page: 'leader' };
    if (parts[3] === 'criteria' || parts[3] === 'launch') return { ...route, page: parts[3] };
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
  // Served by the Functions app, App Service Authentication signs people in with their Microsoft (Entra ID) account
  // and brings them back to the page they asked for; the local host has no such sign-in.
  const microsoft = location.pathname.startsWith('/api/portal')
    ? el('p', {}, el('a', { id: 'signin-microsoft', href: `/.auth/login/aad?post_login_redirect_uri=${enc(location.pathname + location.hash)}` }, t('signin.microsoft')))
    : null;
  render(el('section', { class: 'card' }, el('h1', {}, t('signin.title')), microsoft, message(t('signin.help')), refused ? message(t('signin.refused'), 'error') : null, form));
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
  const [status, progress, round, documents, results] = await Promise.all([
    api(`${campaignPath(bloc, year)}/status`),
    api(`${campaignPath(bloc, year)}/progress`),
    currentRound(bloc, year),
    documentsSection(bloc, year),
    api(`${campaignPath(bloc, year)}/results`),
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
  // The unit elected to lead next year launches next year's campaign from here.
  const next = Number(year) + 1;
  if (me.role === 'unit' && results.ok && results.data.nextLeaderUnitId === unit && !(await compactOf(bloc, next))) {
    todo.push(el('li', {}, el('a', { href: `#/blocs/${enc(bloc)}/${next}/launch`, id: 'todo-launch' }, t('home.todo.launch', next))));
  }
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

// ---- Council staff: the province, blocs, units, criteria, and the launch -----------------------
/** The current year in the Vietnam calendar. */
function vietnamYear() {
  return new Date(Date.now() + 7 * 3600 * 1000).getUTCFullYear();
}

/** The year a clerk prepares: from October on, the blocs get next year's campaign ready. */
function planningYear() {
  const vietnam = new Date(Date.now() + 7 * 3600 * 1000);
  return vietnam.getUTCMonth() >= 9 ? vietnam.getUTCFullYear() + 1 : vietnam.getUTCFullYear();
}

const isYear = (value) => /^\d{4}$/.test(value ?? '');

/** A text the API gives in both languages ({ vietnamese, english }), in the reader's. */
function loc(phrase) {
  if (phrase === null || phrase === undefined) return '';
  if (typeof phrase === 'string') return phrase;
  return (lang() === 'en' ? phrase.english : phrase.vietnamese) ?? phrase.vietnamese ?? '';
}

/** A unit as the API names it in a summary: { unitId, name }, or an id alone. */
const unitName = (u) => (u === null || u === undefined ? '' : typeof u === 'string' ? u : u.name ?? u.unitId);

/** Units named in a cell, one per line: their names may hold commas ("Sở Văn hóa, Thể thao và Du lịch"). */
const unitList = (units) => (units?.length ? el('ul', { class: 'units' }, units.map((u) => el('li', {}, unitName(u)))) : '');

/** An id people can type from a Vietnamese name: "Sở Văn hóa" → "so-van-hoa". */
function slug(name) {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')
    .toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
}

/** Durations come as .NET writes them ("30.00:00:00", "00:10:00"); people read and type "30 ngày", "10 phút". */
function durationParts(text) {
  const m = /^(-)?(?:(\d+)\.)?(\d+):(\d+):(\d+)(?:\.\d+)?$/.exec(String(text ?? '').trim());
  if (!m) return null;
  return { days: Number(m[2] ?? 0), hours: Number(m[3]), minutes: Number(m[4]), seconds: Number(m[5]) };
}

function humanDuration(text) {
  const p = durationParts(text);
  if (!p) return String(text ?? '');
  const units = lang() === 'en'
    ? [['days', 'day'], ['hours', 'hour'], ['minutes', 'minute'], ['seconds', 'second']]
    : [['ngày', 'ngày'], ['giờ', 'giờ'], ['phút', 'phút'], ['giây', 'giây']];
  const parts = [p.days, p.hours, p.minutes, p.seconds].map((n, i) => (n ? `${n} ${n === 1 ? units[i][1] : units[i][0]}` : null)).filter(Boolean);
  return parts.length ? parts.join(' ') : `0 ${units[1][0]}`;
}

/** "30 ngày 6 giờ", "12 hours", "2d", a bare number of days, or "d.hh:mm:ss" → "d.hh:mm:ss"; null when unreadable. */
function parseDuration(text) {
  const value = String(text ?? '').trim();
  if (durationParts(value)) return value;
  if (/^\d+$/.test(value)) return `${value}.00:00:00`;
  const amounts = { days: 0, hours: 0, minutes: 0, seconds: 0 };
  const unit = (word) => {
    const w = word.toLowerCase();
    if (/^(ngày|days?|d)$/.test(w)) return 'days';
    if (/^(giờ|hours?|h)$/.test(w)) return 'hours';
    if (/^(phút|minutes?|min|m)$/.test(w)) return 'minutes';
    if (/^(giây|seconds?|s)$/.test(w)) return 'seconds';
    return null;
  };
  const pattern = /(\d+)\s*([\p{L}]+)/gu;
  let rest = value;
  for (const match of value.matchAll(pattern)) {
    const which = unit(match[2]);
    if (!which) return null;
    amounts[which] += Number(match[1]);
    rest = rest.replace(match[0], '');
  }
  if (rest.replace(/[\s,;và]+/gu, '').length > 0 || value === '') return null;
  const pad = (n) => String(n).padStart(2, '0');
  const total = ((amounts.days * 24 + amounts.hours) * 60 + amounts.minutes) * 60 + amounts.seconds;
  const days = Math.floor(total / 86400);
  return `${days}.${pad(Math.floor(total / 3600) % 24)}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`;
}

const valueAt = (root, path) => path.split('.').reduce((v, k) => (v === null || v === undefined ? undefined : v[k]), root);

function setValueAt(root, path, value) {
  const keys = path.split('.');
  let node = root;
  for (const key of keys.slice(0, -1)) node = node[key] ??= {};
  node[keys.at(-1)] = value;
}

/** Reads a picked file as the text of a PEM, or as base64 of its bytes (a DER .cer/.crt), as the API accepts both. */
async function certificateText(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = new TextDecoder('latin1').decode(bytes);
  if (text.includes('-----BEGIN')) return text;
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** Errors of a spreadsheet the API refused: each cell it names (sheet, line, column), else the problem's text. */
function sheetErrors(data) {
  const cells = Array.isArray(data?.cells) ? data.cells : [];
  if (cells.length === 0) {
    // The whole file refused: its field is the upload itself, so only what the summary does not say already is added.
    const summary = problemText(data);
    const more = Object.values(data?.errors ?? {}).map(fieldErrorText).filter((m) => m !== summary);
    return [message(summary, 'error'), ...more.map((m) => message(m, 'error'))];
  }
  return [message(t('sheet.refused', cells.length), 'error'),
    el('ul', { class: 'sheet-errors', role: 'list' }, cells.map((c) => {
      // The API's message usually names its place already; one that does not (or a whole-file refusal) gets it here.
      const where = [c.sheet ? t('sheet.sheet', c.sheet) : null, c.row ? t('sheet.row', c.row) : null, c.column ? t('sheet.column', c.column) : null].filter(Boolean);
      const named = !c.sheet || String(c.message).includes(c.sheet);
      return el('li', { dataset: { sheet: c.sheet ?? '', row: c.row ?? '', column: c.column ?? '' } }, !named && where.length ? `${where.join(', ')}: ` : '', c.message);
    }))];
}

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const sheetType = (file) => (/\.csv$/i.test(file.name) ? 'text/csv' : xlsxType);

/** The kept verification of an archived year, or one just run, in a few words; the cell says whether it holds in data-holds. */
function verificationText(v) {
  const passed = v.passed ?? v.holds;
  const checks = Array.isArray(v.checks) ? v.checks.length : Number(v.checks ?? 0);
  const failing = Array.isArray(v.checks) ? v.checks.filter((c) => !c.holds) : Array.isArray(v.failures) ? v.failures : [];
  const failures = Array.isArray(v.failures) ? v.failures.length : typeof v.failures === 'number' ? v.failures : failing.length;
  return {
    passed,
    nodes: [
      message(passed ? t('council.holds', checks) : t('council.broken', failures, checks), passed ? 'ok' : 'error'),
      v.checkedAt ? el('div', { class: 'muted checked-at' }, t('province.checkedAt', vietnamTime(v.checkedAt))) : null,
      failing.length ? el('ul', {}, failing.map((c) => el('li', {}, typeof c === 'string' ? c : `${c.description}: ${c.problem}`))) : null,
    ],
  };
}

async function provincePage({ year }) {
  if (me.role !== 'admin') return render(message(t('council.onlyAdmin'), 'error'));
  const shown = isYear(year) ? year : String(vietnamYear());
  const reply = await api(`province/${enc(shown)}`);
  if (!reply.ok) return render(el('h1', {}, t('province.title', shown)), message(t('common.error', problemText(reply.data)), 'error'));
  const blocs = reply.data.blocs ?? [];
  const yearInput = el('input', { type: 'number', id: 'province-year', name: 'year', min: 2000, max: 2100, value: shown });
  const status = el('div', { id: 'province-status', 'aria-live': 'polite' });
  const pick = el('form', {
    id: 'province-year-form', class: 'inline',
    onsubmit: (event) => {
      event.preventDefault();
      location.hash = `#/council/${enc(yearInput.value)}`;
    },
  }, el('label', { for: 'province-year' }, t('proposals.year')), yearInput, el('button', { type: 'submit' }, t('proposals.show')),
  el('a', { href: `#/council/${Number(shown) - 1}` }, `← ${Number(shown) - 1}`), el('a', { href: `#/council/${Number(shown) + 1}` }, `${Number(shown) + 1} →`));
  const summary = el('button', {
    type: 'button', id: 'summary-xlsx', class: 'secondary',
    onclick: () => download(`province/${enc(shown)}/summary.xlsx`, `tong-hop-thi-dua-${shown}.xlsx`, status),
  }, t('province.summary', shown));

  const verificationCell = (b) => {
    const cell = el('td', { 'data-label': t('council.verification'), class: 'verification', 'aria-live': 'polite' });
    const show = (v) => {
      cell.replaceChildren();
      if (v) {
        const { passed, nodes } = verificationText(v);
        cell.dataset.holds = String(passed);
        cell.append(...nodes.filter(Boolean));
      } else {
        delete cell.dataset.holds;
        cell.append(message(t('province.notVerified')));
      }
      cell.append(el('button', {
        type: 'button', class: 'secondary small recheck', 'aria-label': t('province.recheckOf', b.name, shown),
        onclick: async (event) => {
          event.target.disabled = true;
          cell.replaceChildren(message(t('council.verifying')));
          const run = await api(`${campaignPath(b.blocId, shown)}/verification`, { method: 'POST' });
          if (!run.ok) {
            show(v);
            cell.prepend(message(problemText(run.data), 'error'));
            return;
          }
          show(run.data);
        },
      }, v ? t('province.recheck') : t('province.check')));
    };
    if (b.archived) show(b.verification);
    return cell;
  };

  const archiveCells = new Map();
  const rows = blocs.map((b) => {
    const started = b.phase && b.phase !== 'not-started';
    const archiveCell = el('td', { 'data-label': t('council.archive'), class: 'archive' }, b.archived ? el('span', { class: 'archived' }, t('council.archived')) : '');
    archiveCells.set(b.blocId, archiveCell);
    return el('tr', { dataset: { bloc: b.blocId } },
      el('td', {}, el('a', { href: started ? `#/blocs/${enc(b.blocId)}/${enc(shown)}` : `#/council/blocs/${enc(b.blocId)}` }, b.name),
        b.active === false ? el('div', { class: 'muted' }, t('blocs.inactive')) : null),
      el('td', { 'data-label': t('council.phase'), class: 'phase', dataset: { phase: b.phase ?? '' } }, b.phaseText ?? b.phase ?? ''),
      el('td', { 'data-label': t('province.nextDeadline'), class: 'deadline' },
        b.nextDeadline ? [el('div', {}, b.nextDeadlineLabel ?? ''), el('div', {}, vietnamTime(b.nextDeadline))] : '–'),
      el('td', { 'data-label': t('council.version'), class: 'version' }, b.workflowVersion ?? ''),
      el('td', { 'data-label': t('council.pending'), class: 'pending' }, unitList(b.pendingUnits)),
      el('td', { 'data-label': t('council.late'), class: 'late' }, unitList(b.lateUnits)),
      el('td', { 'data-label': t('council.leading'), class: 'leading' }, unitName(b.leadingUnit)),
      el('td', { 'data-label': t('council.nextLeader'), class: 'next-leader' }, unitName(b.nextLeader)),
      archiveCell,
      verificationCell(b));
  });
  render(
    el('h1', {}, t('province.title', shown)),
    el('section', { class: 'card' }, pick, el('p', { class: 'row' }, summary, el('a', { href: '#/council/blocs' }, t('nav.blocs'))), status),
    blocs.length === 0 ? el('section', { class: 'card' }, message(t('province.none')), el('p', {}, el('a', { href: '#/council/blocs/new', id: 'first-bloc' }, t('blocs.create'))))
      : el('table', { id: 'blocs', class: 'stack' },
        el('caption', { class: 'muted' }, t('province.caption', blocs.length, shown)),
        el('thead', {}, el('tr', {}, ['council.bloc', 'council.phase', 'province.nextDeadline', 'council.version', 'council.pending', 'council.late', 'council.leading', 'council.nextLeader', 'council.archive', 'council.verification'].map((k) => el('th', { scope: 'col' }, t(k))))),
        el('tbody', {}, rows)));
  // Where each archived year lies, read apart so the overview itself stays one cheap request; a page drawn again
  // since has cells of its own, so a late answer only fills the cell it was asked for.
  for (const b of blocs.filter((x) => x.archived)) {
    api(`${campaignPath(b.blocId, shown)}/results`).then((results) => {
      const archive = results.ok ? results.data.archive : null;
      const cell = archiveCells.get(b.blocId);
      if (archive) cell.append(el('div', { class: 'muted location' }, el('code', {}, archive.location), ` SHA-256 ${archive.manifestSha256.slice(0, 16)}…`));
    });
  }
}

async function blocsPage() {
  if (me.role !== 'admin') return render(message(t('council.onlyAdmin'), 'error'));
  const reply = await api('blocs');
  if (!reply.ok) return render(message(t('common.error', problemText(reply.data)), 'error'));
  const year = planningYear();
  const launch = (b) => `${String(b.launchDay).padStart(2, '0')}/${String(b.launchMonth).padStart(2, '0')}`;
  render(
    el('h1', {}, t('blocs.title')),
    el('p', {}, el('a', { href: '#/council/blocs/new', id: 'new-bloc', class: 'button' }, t('blocs.create'))),
    reply.data.length === 0 ? message(t('blocs.none')) : el('table', { id: 'bloc-list', class: 'stack' },
      el('thead', {}, el('tr', {}, ['council.bloc', 'blocs.members', 'blocs.launchDate', 'blocs.state', 'blocs.actions'].map((k) => el('th', { scope: 'col' }, t(k))))),
      el('tbody', {}, reply.data.map(({ bloc: b }) => el('tr', { dataset: { bloc: b.blocId } },
        el('td', {}, el('a', { href: `#/council/blocs/${enc(b.blocId)}` }, b.name), el('div', { class: 'muted' }, b.blocId)),
        el('td', { 'data-label': t('blocs.members'), class: 'num' }, b.memberUnitIds.length),
        el('td', { 'data-label': t('blocs.launchDate') }, launch(b)),
        el('td', { 'data-label': t('blocs.state') }, b.active ? t('blocs.active') : t('blocs.inactive')),
        el('td', { 'data-label': t('blocs.actions'), class: 'actions' },
          el('a', { href: `#/council/blocs/${enc(b.blocId)}` }, t('blocs.edit')), ' · ',
          el('a', { href: `#/council/blocs/${enc(b.blocId)}/units` }, t('blocs.units')), ' · ',
          el('a', { href: `#/blocs/${enc(b.blocId)}/${year}/criteria` }, t('blocs.criteriaOf', year)), ' · ',
          el('a', { href: `#/blocs/${enc(b.blocId)}/${year}/launch` }, t('blocs.launchOf', year))))))));
}

/** A list of records (the award levels) as a small editable table: one line per record, one input per field. */
function itemsInput(rule, value, id, itemRules) {
  const fields = itemRules.map((f) => ({ f, name: f.path.split('.').at(-1) }));
  const body = el('tbody', {});
  const addRow = (item = {}) => {
    const n = body.children.length + 1;
    const row = el('tr', {},
      fields.map(({ f, name }) => el('td', { 'data-label': loc(f.title) }, f.type === 'boolean'
        ? el('input', { type: 'checkbox', checked: item[name] === true, dataset: { field: name }, 'aria-label': `${loc(f.title)} (${n})` })
        : el('input', { type: f.type === 'integer' ? 'number' : 'text', value: item[name] ?? '', dataset: { field: name }, 'aria-label': `${loc(f.title)} (${n})` }))),
      el('td', {}, el('button', { type: 'button', class: 'secondary small', 'aria-label': t('rules.removeItem', n), onclick: () => row.remove() }, t('contact.remove'))));
    body.append(row);
  };
  for (const item of value ?? []) addRow(item);
  const input = el('div', { id, role: 'group', 'aria-label': loc(rule.title), class: 'items' },
    el('table', { class: 'stack' }, el('thead', {}, el('tr', {}, fields.map(({ f }) => el('th', { scope: 'col' }, loc(f.title))), el('th', {}, ''))), body),
    el('button', { type: 'button', class: 'secondary small', onclick: () => addRow() }, t('rules.addItem')));
  const read = () => [...body.rows].map((r) => Object.fromEntries(fields.map(({ f, name }) => {
    const field = r.querySelector(`[data-field="${name}"]`);
    return [name, f.type === 'boolean' ? field.checked : f.type === 'integer' ? Number(field.value) : field.value.trim()];
  })));
  return { input, read };
}

/** One rule's input, by the catalog's type; read() gives the value to send, or throws the field's message. */
function ruleInput(rule, value, id, itemRules = []) {
  const values = rule.values ?? null;
  if (rule.type === 'array' && rule.itemType === 'object' && itemRules.length) return itemsInput(rule, value, id, itemRules);
  if (rule.type === 'boolean') {
    const input = el('input', { type: 'checkbox', id, checked: value === true });
    return { input, read: () => input.checked };
  }
  if (rule.type === 'integer') {
    const input = el('input', { type: 'number', id, step: 1, value: value ?? '' });
    return { input, read: () => (input.value.trim() === '' ? null : Number(input.value)) };
  }
  if (rule.type === 'string' && values) {
    const input = el('select', { id }, values.map((v) => el('option', { value: v.value, selected: v.value === value }, loc(v.label))));
    return { input, read: () => input.value };
  }
  if (rule.type === 'string' && rule.format === 'duration') {
    const input = el('input', { type: 'text', id, value: humanDuration(value), inputmode: 'text' });
    return { input, read: () => parseDuration(input.value) ?? (() => { throw new Error(t('rules.badDuration')); })() };
  }
  if (rule.type === 'array' && rule.itemType === 'string' && rule.format === 'duration') {
    const input = el('input', { type: 'text', id, value: (value ?? []).map(humanDuration).join('; ') });
    return {
      input,
      read: () => input.value.split(/[;]/).map((x) => x.trim()).filter(Boolean).map((x) => parseDuration(x) ?? (() => { throw new Error(t('rules.badDuration')); })()),
    };
  }
  if (rule.type === 'array' && rule.itemType === 'string' && values) {
    // An ordered list of choices (the ranking order): one choice per line, by its label.
    const input = el('textarea', { id, rows: Math.max(2, (value ?? []).length) }, (value ?? []).map((v) => loc(values.find((x) => x.value === v)?.label) || v).join('\n'));
    return {
      input,
      read: () => input.value.split('\n').map((x) => x.trim()).filter(Boolean).map((x) => values.find((v) => loc(v.label) === x || v.value === x)?.value ?? (() => { throw new Error(t('rules.badChoice', x)); })()),
    };
  }
  if (rule.type === 'string') {
    const input = el('input', { type: 'text', id, value: value ?? '' });
    return { input, read: () => input.value };
  }
  // A list of records (the award levels): JSON, with each field explained under it.
  const input = el('textarea', { id, rows: 5, class: 'json' }, JSON.stringify(value ?? null, null, 2));
  return {
    input,
    read: () => {
      try {
        return JSON.parse(input.value);
      } catch {
        throw new Error(t('rules.badJson'));
      }
    },
  };
}

function ruleDefault(rule) {
  const d = rule.default;
  if (d === null || d === undefined || rule.type === 'object') return null;
  let text;
  if (rule.type === 'boolean') text = d ? t('common.yes') : t('rules.no');
  else if (rule.values && rule.type === 'string') text = loc(rule.values.find((v) => v.value === d)?.label) || d;
  else if (rule.format === 'duration') text = Array.isArray(d) ? d.map(humanDuration).join('; ') : humanDuration(d);
  else if (Array.isArray(d) && rule.values) text = d.map((v) => loc(rule.values.find((x) => x.value === v)?.label) || v).join(' → ');
  else if (typeof d === 'object') text = Array.isArray(d) ? d.map((x) => (typeof x === 'object' ? Object.values(x).join(' · ') : x)).join('; ') : JSON.stringify(d);
  else text = String(d);
  return el('span', { class: 'default' }, t('rules.default', text === '' ? t('rules.empty') : text));
}

/** The rules of the bloc, one labelled input per rule of the catalog, grouped as the catalog nests them. */
function rulesEditor(catalog, rules) {
  const inputs = new Map();
  const all = catalog.rules ?? catalog;
  const children = (prefix) => all.filter((r) => !r.path.includes('[]') && r.path.startsWith(prefix) && !r.path.slice(prefix.length).includes('.'));
  const itemFields = (path) => all.filter((r) => r.path.startsWith(`${path}[].`));
  const field = (rule) => {
    const id = `rule-${rule.path.replace(/[^A-Za-z0-9]+/g, '-')}`;
    const { input, read } = ruleInput(rule, valueAt(rules, rule.path), id, itemFields(rule.path).filter((f) => f.type !== 'object' && f.type !== 'array'));
    input.setAttribute('aria-describedby', `${id}-help`);
    input.dataset.path = rule.path;
    inputs.set(rule.path, { input, read });
    const help = el('div', { class: 'muted rule-help', id: `${id}-help` }, loc(rule.explanation), ' ', ruleDefault(rule),
      itemFields(rule.path).length ? el('ul', {}, itemFields(rule.path).map((f) => el('li', {}, el('code', {}, f.path.split('.').at(-1)), `: ${loc(f.explanation)}`))) : null);
    // A list of records is a group of inputs, named by its title rather than labelled as one input.
    const label = input.tagName === 'DIV' ? el('span', { class: 'label', id: `${id}-label` }, loc(rule.title)) : el('label', { for: id }, loc(rule.title));
    if (input.tagName === 'DIV') {
      input.removeAttribute('aria-label');
      input.setAttribute('aria-labelledby', `${id}-label`);
    }
    return el('div', { class: `rule rule-${rule.type}`, dataset: { path: rule.path } },
      rule.type === 'boolean' ? el('div', { class: 'row' }, input, label) : [label, input], help);
  };
  const group = (rule) => el('fieldset', { class: 'rules-group', dataset: { path: rule.path } },
    el('legend', {}, loc(rule.title)), el('p', { class: 'muted' }, loc(rule.explanation)),
    children(`${rule.path}.`).map((r) => (r.type === 'object' ? group(r) : field(r))));
  const node = el('div', { class: 'rules' }, children('').map((r) => (r.type === 'object' ? group(r) : field(r))));
  return {
    node,
    inputFor: (path) => inputs.get(path)?.input,
    /** The rules to send: what the bloc had, with every input's value; the first unreadable input throws with its path. */
    read: () => {
      const next = structuredClone(rules ?? {});
      for (const [path, { read }] of inputs) {
        try {
          setValueAt(next, path, read());
        } catch (error) {
          error.path = path;
          throw error;
        }
      }
      return next;
    },
  };
}

async function blocPage({ bloc: blocId }, notice) {
  if (me.role !== 'admin') return render(message(t('council.onlyAdmin'), 'error'));
  const creating = blocId === 'new';
  const [stored, units, catalog] = await Promise.all([
    creating ? null : api(`blocs/${enc(blocId)}`),
    creating ? null : api(`blocs/${enc(blocId)}/units`),
    api('rules'),
  ]);
  if (stored && !stored.ok) return render(message(t('common.error', problemText(stored.data)), 'error'));
  const bloc = stored?.data ?? { blocId: '', name: '', memberUnitIds: [], rotationOrder: [], active: true, launchMonth: 1, launchDay: 15, rules: null };
  // A new bloc starts from the defaults of the catalog, which are the API's own.
  const defaults = {};
  for (const r of catalog.ok ? catalog.data.rules : []) if (!r.path.includes('[]') && r.type !== 'object' && r.default !== null && r.default !== undefined) setValueAt(defaults, r.path, r.default);
  const rules = bloc.rules ?? defaults;
  const known = (units?.ok ? units.data : []).map((s) => s.unit);
  const nameOf = (id) => known.find((u) => u.unitId === id)?.name ?? id;
  const out = el('div', { id: 'bloc-status', 'aria-live': 'polite' });
  const idInput = el('input', { type: 'text', id: 'bloc-id', name: 'blocId', value: bloc.blocId, required: true, readonly: !creating, 'aria-describedby': 'bloc-id-help', autocomplete: 'off' });
  let idTouched = !creating;
  idInput.addEventListener('input', () => { idTouched = true; });
  const nameInput = el('input', { type: 'text', id: 'bloc-name', name: 'name', value: bloc.name, required: true });
  nameInput.addEventListener('input', () => { if (!idTouched) idInput.value = slug(nameInput.value); });
  const active = el('input', { type: 'checkbox', id: 'bloc-active', checked: bloc.active });
  const day = el('input', { type: 'number', id: 'launch-day', min: 1, max: 31, value: bloc.launchDay });
  const month = el('input', { type: 'number', id: 'launch-month', min: 1, max: 12, value: bloc.launchMonth });
  // Members: every unit registered for the bloc, ticked when it takes part; the rotation lists them in turn order.
  const memberIds = bloc.memberUnitIds;
  const boxes = [...new Set([...known.map((u) => u.unitId), ...bloc.memberUnitIds])].map((id) => ({
    id, box: el('input', { type: 'checkbox', id: `member-${id}`, value: id, checked: memberIds.includes(id) }),
  }));
  const members = el('fieldset', { id: 'members' }, el('legend', {}, t('bloc.members')),
    boxes.length === 0 ? message(t('bloc.noUnits')) : boxes.map(({ id, box }) => el('label', { class: 'choice', for: `member-${id}` }, box, ' ', nameOf(id))));
  let rotation = [...new Set([...bloc.rotationOrder, ...bloc.memberUnitIds])];
  const rotationList = el('ol', { id: 'rotation', class: 'rotation' });
  const drawRotation = () => rotationList.replaceChildren(...rotation.map((id, i) => el('li', { dataset: { unit: id } },
    el('span', { class: 'name' }, nameOf(id)), ' ',
    el('button', { type: 'button', class: 'secondary small', 'aria-label': t('bloc.up', nameOf(id)), disabled: i === 0, onclick: () => { [rotation[i - 1], rotation[i]] = [rotation[i], rotation[i - 1]]; drawRotation(); } }, '↑'), ' ',
    el('button', { type: 'button', class: 'secondary small', 'aria-label': t('bloc.down', nameOf(id)), disabled: i === rotation.length - 1, onclick: () => { [rotation[i + 1], rotation[i]] = [rotation[i], rotation[i + 1]]; drawRotation(); } }, '↓'))));
  drawRotation();
  for (const { id, box } of boxes) {
    box.addEventListener('change', () => {
      if (box.checked && !rotation.includes(id)) rotation.push(id);
      drawRotation();
    });
  }
  // Without the catalog the rules are kept as they are; the rest of the bloc can still be edited.
  const editor = catalog.ok ? rulesEditor(catalog.data, rules)
    : { node: message(t('common.error', problemText(catalog.data)), 'error'), inputFor: () => null, read: () => bloc.rules ?? undefined };
  const fields = { blocId: idInput, name: nameInput, launchDay: day, launchMonth: month, active };
  const form = el('form', {
    id: 'bloc-form', novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      let sentRules;
      try {
        sentRules = editor.read();
      } catch (error) {
        showFieldErrors(form, { errors: { [`rules.${error.path}`]: [error.message] } }, (f) => editor.inputFor(f.replace(/^rules\./, '')));
        return out.replaceChildren(message(t('bloc.invalid'), 'error'));
      }
      const id = idInput.value.trim();
      const body = {
        name: nameInput.value.trim(),
        memberUnitIds: boxes.filter((b) => b.box.checked).map((b) => b.id),
        rotationOrder: rotation,
        active: active.checked,
        launchMonth: Number(month.value),
        launchDay: Number(day.value),
        rules: sentRules,
      };
      const reply = await api(`blocs/${enc(id || '-')}`, { method: 'PUT', json: body, ifMatch: creating ? undefined : stored.etag });
      if (reply.ok) {
        if (creating) location.hash = `#/council/blocs/${enc(id)}`;
        else await blocPage({ bloc: blocId }, { saved: true });
        return;
      }
      if (reply.status === 412) return blocPage({ bloc: blocId }, { conflict: true });
      if (reply.status === 428 && creating) return out.replaceChildren(message(t('bloc.exists', id), 'error'));
      const unplaced = showFieldErrors(form, reply.data, (f) => fields[f]
        ?? (f.startsWith('rules.') ? editor.inputFor(f.slice(6).replace(/\[\d+\].*$/, '')) : null)
        ?? (f.startsWith('memberUnitIds') ? members : f.startsWith('rotationOrder') ? rotationList : null));
      out.replaceChildren(message(reply.status === 400 ? t('bloc.invalid') : problemText(reply.data), 'error'), ...unplaced.map((u) => message(u, 'error')));
    },
  },
  el('section', { class: 'card' },
    el('label', { for: 'bloc-name' }, t('bloc.name')), nameInput,
    el('label', { for: 'bloc-id' }, t('bloc.id')), idInput, el('div', { class: 'muted', id: 'bloc-id-help' }, t('bloc.idHelp')),
    el('div', { class: 'row' }, active, el('label', { for: 'bloc-active' }, t('bloc.active'))),
    el('p', { class: 'muted' }, t('bloc.launchHelp')),
    el('div', { class: 'row' }, el('label', { for: 'launch-day' }, t('bloc.launchDay')), day, el('label', { for: 'launch-month' }, t('bloc.launchMonth')), month)),
  creating ? null : el('section', { class: 'card' }, members, el('h2', {}, t('bloc.rotation')), message(t('bloc.rotationHelp')), rotationList,
    el('p', {}, el('a', { href: `#/council/blocs/${enc(blocId)}/units` }, t('bloc.manageUnits')))),
  el('section', { class: 'card' }, el('h2', {}, t('bloc.rules')), message(t('bloc.rulesHelp')), editor.node),
  el('p', { class: 'actions' }, el('button', { type: 'submit', id: 'save-bloc' }, creating ? t('bloc.create') : t('bloc.save')), out));
  const year = planningYear();
  const yearInput = el('input', { type: 'number', id: 'cycle-year', min: 2000, max: 2100, value: year });
  const cycleOut = el('div', { id: 'cycle-status', 'aria-live': 'polite' });
  const yearLinks = el('p', { class: 'row', id: 'year-links' });
  const drawLinks = () => yearLinks.replaceChildren(
    el('a', { href: `#/blocs/${enc(blocId)}/${enc(yearInput.value)}/criteria`, id: 'to-criteria' }, t('blocs.criteriaOf', yearInput.value)),
    el('a', { href: `#/blocs/${enc(blocId)}/${enc(yearInput.value)}/launch`, id: 'to-launch' }, t('blocs.launchOf', yearInput.value)),
    el('a', { href: `#/council/${enc(yearInput.value)}` }, t('province.title', yearInput.value)));
  yearInput.addEventListener('input', drawLinks);
  drawLinks();
  // A bloc's first year has no leader elected by a previous year: the council's decision appoints its leader and
  // deputy when the year starts, and the appointed leader then launches it.
  const activeMembers = known.filter((u) => u.active && bloc.memberUnitIds.includes(u.unitId));
  const unitOptions = (none) => [el('option', { value: '' }, none), ...activeMembers.map((u) => el('option', { value: u.unitId }, u.name))];
  const appointLeader = el('select', { id: 'cycle-leader' }, unitOptions(t('cycle.noLeader')));
  const appointDeputy = el('select', { id: 'cycle-deputy' }, unitOptions(t('launch.noDeputy')));
  const appointment = el('fieldset', { id: 'appointment', hidden: true }, el('legend', {}, t('cycle.appointment')), message(t('cycle.appointmentHelp')),
    el('label', { for: 'cycle-leader' }, t('conf.role.leader')), appointLeader, el('label', { for: 'cycle-deputy' }, t('conf.role.deputy')), appointDeputy);
  const drawAppointment = async () => {
    const y = yearInput.value;
    const previous = await api(`${campaignPath(blocId, Number(y) - 1)}/compact`);
    if (yearInput.value === y) appointment.hidden = previous.ok;
  };
  if (!creating) {
    yearInput.addEventListener('input', drawAppointment);
    await drawAppointment();
  }
  const cycleForm = el('form', {
    id: 'cycle-form', novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      const y = yearInput.value;
      const appointing = !appointment.hidden && appointLeader.value;
      const reply = await api(`blocs/${enc(blocId)}/cycles/${enc(y)}`, appointing
        ? { method: 'POST', json: { leaderUnitId: appointLeader.value, deputyUnitId: appointDeputy.value || null } }
        : { method: 'POST' });
      const unplaced = showFieldErrors(cycleForm, reply.ok ? null : reply.data, (f) => ({ leaderUnitId: appointLeader, deputyUnitId: appointDeputy })[f] ?? null);
      if (!reply.ok) return cycleOut.replaceChildren(message(problemText(reply.data), 'error'), ...unplaced.map((u) => message(u, 'error')));
      cycleOut.replaceChildren(message(reply.data.created
        ? t('cycle.started', y, reply.data.launchDeadline ? vietnamTime(reply.data.launchDeadline) : '')
        : t('cycle.already', y), 'ok'),
      appointing ? message(t('cycle.appointed', nameOf(appointLeader.value), appointDeputy.value ? nameOf(appointDeputy.value) : t('launch.none')), 'ok') : null);
    },
  }, el('div', { class: 'row' }, el('label', { for: 'cycle-year' }, t('proposals.year')), yearInput), appointment,
  el('p', {}, el('button', { type: 'submit', id: 'start-cycle' }, t('cycle.start'))));
  const cycle = creating ? null : el('section', { class: 'card', id: 'year-card' }, el('h2', {}, t('cycle.title')), message(t('cycle.help')),
    cycleForm, yearLinks, cycleOut);
  render(
    el('h1', {}, creating ? t('bloc.newTitle') : t('bloc.title', bloc.name)),
    el('p', {}, el('a', { href: '#/council/blocs' }, `← ${t('nav.blocs')}`)),
    notice?.conflict ? message(t('bloc.conflict'), 'error') : null,
    notice?.saved ? message(t('bloc.saved'), 'ok') : null,
    cycle,
    form);
}

async function unitsPage({ bloc }, notice) {
  if (me.role !== 'admin') return render(message(t('council.onlyAdmin'), 'error'));
  const [stored, units] = await Promise.all([api(`blocs/${enc(bloc)}`), api(`blocs/${enc(bloc)}/units`)]);
  if (!stored.ok) return render(message(t('common.error', problemText(stored.data)), 'error'));
  const b = stored.data;
  const list = units.ok ? units.data : [];
  const status = el('div', { id: 'import-status', 'aria-live': 'polite' });
  const file = el('input', { type: 'file', id: 'units-file', accept: '.xlsx,.csv,text/csv,' + xlsxType });
  const send = async (dryRun) => {
    const picked = file.files[0];
    if (!picked) return status.replaceChildren(message(t('import.pick'), 'error'));
    const reply = await api(`blocs/${enc(bloc)}/units/import${dryRun ? '?dryRun=true' : ''}`, { method: 'POST', body: picked, type: sheetType(picked) });
    if (!reply.ok) return status.replaceChildren(...sheetErrors(reply.data));
    if (!dryRun) return unitsPage({ bloc }, { imported: reply.data.changes.filter((c) => c.action !== 'unchanged').length });
    const changes = reply.data.changes;
    status.replaceChildren(
      el('h3', {}, t('import.preview', picked.name)),
      el('table', { id: 'import-changes', class: 'stack' },
        el('thead', {}, el('tr', {}, ['unit.id', 'unit.name', 'import.action', 'import.changed'].map((k) => el('th', { scope: 'col' }, t(k))))),
        el('tbody', {}, changes.map((c) => el('tr', { dataset: { unit: c.unitId, action: c.action } },
          el('td', {}, c.unitId), el('td', { 'data-label': t('unit.name') }, c.name),
          el('td', { 'data-label': t('import.action') }, t(`import.action.${c.action}`)),
          el('td', { 'data-label': t('import.changed') }, (c.changed ?? []).map((f) => (t(`import.field.${f}`) === `import.field.${f}` ? f : t(`import.field.${f}`))).join(', ')))))),
      el('p', {}, el('button', { type: 'button', id: 'apply-import', onclick: () => send(false) }, t('import.apply'))));
  };
  const cert = (c) => (c ? el('span', { class: c.expired ? 'warn' : 'ok' }, c.expired ? `⚠ ${t('cert.expiredOn', vietnamTime(c.notAfter))}` : t('cert.validUntil', vietnamTime(c.notAfter)))
    : el('span', { class: 'muted' }, t('cert.none')));
  render(
    el('h1', {}, t('units.title', b.name)),
    el('p', {}, el('a', { href: `#/council/blocs/${enc(bloc)}` }, `← ${t('bloc.title', b.name)}`)),
    notice?.imported !== undefined ? message(t('import.applied', notice.imported), 'ok') : null,
    el('section', { class: 'card' },
      el('p', {}, el('a', { href: `#/council/blocs/${enc(bloc)}/units/new`, id: 'new-unit', class: 'button' }, t('units.add'))),
      list.length === 0 ? message(t('units.none')) : el('table', { id: 'units', class: 'stack' },
        el('thead', {}, el('tr', {}, ['unit.name', 'unit.contacts', 'cert.title', 'blocs.state'].map((k) => el('th', { scope: 'col' }, t(k))))),
        el('tbody', {}, list.map(({ unit: u, certificate }) => el('tr', { dataset: { unit: u.unitId, active: String(u.active) } },
          el('td', {}, el('a', { href: `#/council/blocs/${enc(bloc)}/units/${enc(u.unitId)}` }, u.name), el('div', { class: 'muted' }, u.unitId),
            b.memberUnitIds.includes(u.unitId) ? null : el('div', { class: 'warn' }, t('units.notMember'))),
          el('td', { 'data-label': t('unit.contacts') }, u.contacts.map((c) => el('div', {}, `${c.name} – ${c.email}`))),
          el('td', { 'data-label': t('cert.title'), class: 'certificate' }, u.certificatePem ? cert(certificate ?? u.certificate) : cert(null)),
          el('td', { 'data-label': t('blocs.state') }, u.active ? t('unit.activeShort') : t('unit.inactiveShort'))))))),
    el('section', { class: 'card' }, el('h2', {}, t('import.title')), message(t('import.help')),
      el('p', {}, el('button', { type: 'button', class: 'link', id: 'units-template', onclick: () => download('templates/units.xlsx', 'danh-sach-don-vi.xlsx', status) }, t('import.template'))),
      el('form', { id: 'import-form', onsubmit: (event) => { event.preventDefault(); send(true); } },
        el('label', { for: 'units-file' }, t('import.file')), el('div', { class: 'row' }, file, el('button', { type: 'submit', id: 'preview-import' }, t('import.dryRun')))),
      status));
}

async function unitPage({ bloc, unit: unitId }, notice) {
  if (me.role !== 'admin') return render(message(t('council.onlyAdmin'), 'error'));
  const creating = unitId === 'new';
  const [stored, units] = await Promise.all([api(`blocs/${enc(bloc)}`), api(`blocs/${enc(bloc)}/units`)]);
  if (!stored.ok) return render(message(t('common.error', problemText(stored.data)), 'error'));
  const found = units.ok ? units.data.find((s) => s.unit.unitId === unitId) : null;
  if (!creating && !found) return render(message(t('unit.notFound', unitId), 'error'));
  const u = found?.unit ?? { unitId: '', name: '', contacts: [], certificatePem: null, active: true };
  const certificate = found?.certificate ?? found?.unit?.certificate ?? null;
  const out = el('div', { id: 'unit-status', 'aria-live': 'polite' });
  const idInput = el('input', { type: 'text', id: 'unit-id', value: u.unitId, readonly: !creating, required: true, autocomplete: 'off' });
  let idTouched = !creating;
  idInput.addEventListener('input', () => { idTouched = true; });
  const nameInput = el('input', { type: 'text', id: 'unit-name', value: u.name, required: true });
  nameInput.addEventListener('input', () => { if (!idTouched) idInput.value = slug(nameInput.value); });
  const contactRows = el('tbody', {});
  const addContact = (c = { name: '', role: '', email: '' }) => {
    const i = contactRows.children.length;
    const row = el('tr', { class: 'contact' },
      el('td', {}, el('input', { type: 'text', class: 'contact-name', value: c.name, 'aria-label': t('contact.nameOf', i + 1) })),
      el('td', { 'data-label': t('contact.role') }, el('input', { type: 'text', class: 'contact-role', value: c.role ?? '', 'aria-label': t('contact.roleOf', i + 1) })),
      el('td', { 'data-label': t('contact.email') }, el('input', { type: 'email', class: 'contact-email', value: c.email, 'aria-label': t('contact.emailOf', i + 1) })),
      el('td', {}, el('button', { type: 'button', class: 'secondary small', 'aria-label': t('contact.removeOf', i + 1), onclick: () => row.remove() }, t('contact.remove'))));
    contactRows.append(row);
  };
  for (const c of u.contacts) addContact(c);
  if (u.contacts.length === 0) addContact();
  const certFile = el('input', { type: 'file', id: 'certificate-file', accept: '.pem,.cer,.crt,application/x-pem-file,application/pkix-cert', 'aria-describedby': 'certificate-help' });
  const readContacts = () => [...contactRows.querySelectorAll('tr')].map((r) => ({
    name: r.querySelector('.contact-name').value.trim(), role: r.querySelector('.contact-role').value.trim(), email: r.querySelector('.contact-email').value.trim(),
  })).filter((c) => c.name || c.email || c.role);

  const save = async (activeNow) => {
    const id = idInput.value.trim();
    const picked = certFile.files[0];
    const body = { name: nameInput.value.trim(), contacts: readContacts(), certificatePem: picked ? await certificateText(picked) : u.certificatePem, active: activeNow };
    const reply = await api(`blocs/${enc(bloc)}/units/${enc(id || '-')}`, { method: 'PUT', json: body, ifMatch: creating ? undefined : found.eTag });
    if (reply.ok) {
      // A unit added by hand takes part in the bloc, as the units import does: a member, last in the rotation.
      if (creating) await joinBloc(bloc, id);
      location.hash = `#/council/blocs/${enc(bloc)}/units/${enc(id)}`;
      if (!creating) await unitPage({ bloc, unit: id }, { saved: true });
      return;
    }
    if (reply.status === 412) return unitPage({ bloc, unit: unitId }, { conflict: true });
    if (reply.status === 428 && creating) return out.replaceChildren(message(t('unit.exists', id), 'error'));
    const contactInput = (f) => {
      const m = /^contacts\[(\d+)\]\.(\w+)$/.exec(f);
      return m ? contactRows.querySelectorAll('tr')[Number(m[1])]?.querySelector(`.contact-${m[2]}`) : null;
    };
    const unplaced = showFieldErrors(form, reply.data, (f) => ({ unitId: idInput, name: nameInput, certificatePem: certFile })[f] ?? contactInput(f));
    out.replaceChildren(message(reply.status === 400 ? t('unit.invalid') : problemText(reply.data), 'error'), ...unplaced.map((x) => message(x, 'error')));
  };
  const form = el('form', {
    id: 'unit-form', novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      await save(u.active);
    },
  },
  el('section', { class: 'card' },
    el('label', { for: 'unit-name' }, t('unit.name')), nameInput,
    el('label', { for: 'unit-id' }, t('unit.id')), idInput, el('div', { class: 'muted' }, t('bloc.idHelp'))),
  el('section', { class: 'card' }, el('h2', {}, t('unit.contacts')), message(t('unit.contactsHelp')),
    el('table', { id: 'contacts', class: 'stack' },
      el('thead', {}, el('tr', {}, ['contact.name', 'contact.role', 'contact.email', 'blocs.actions'].map((k) => el('th', { scope: 'col' }, t(k))))), contactRows),
    el('p', {}, el('button', { type: 'button', class: 'secondary', id: 'add-contact', onclick: () => addContact() }, t('contact.add')))),
  el('section', { class: 'card', id: 'certificate' }, el('h2', {}, t('cert.title')),
    certificate ? el('dl', { class: 'cert' },
      el('dt', {}, t('cert.subject')), el('dd', { id: 'cert-subject' }, certificate.subject),
      el('dt', {}, t('cert.issuer')), el('dd', { id: 'cert-issuer' }, certificate.issuer),
      el('dt', {}, t('cert.validity')), el('dd', { id: 'cert-validity' }, t('cert.fromTo', vietnamTime(certificate.notBefore), vietnamTime(certificate.notAfter))),
      el('dt', {}, t('cert.serial')), el('dd', {}, el('code', {}, certificate.serialNumber)),
      el('dt', {}, t('cert.thumbprint')), el('dd', {}, el('code', {}, certificate.sha256Thumbprint)))
      : message(u.certificatePem ? t('cert.registered') : t('cert.none')),
    certificate?.expired ? el('p', { class: 'warn', role: 'alert', id: 'cert-expired' }, `⚠ ${t('cert.expired', vietnamTime(certificate.notAfter))}`) : null,
    el('label', { for: 'certificate-file' }, u.certificatePem ? t('cert.replace') : t('cert.upload')), certFile,
    el('div', { class: 'muted', id: 'certificate-help' }, t('cert.help'))),
  el('p', {}, el('button', { type: 'submit', id: 'save-unit' }, creating ? t('unit.create') : t('unit.save')), out));

  const identityInput = el('input', { type: 'text', id: 'object-id', autocomplete: 'off', placeholder: 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx', 'aria-describedby': 'object-id-help' });
  const identityOut = el('div', { id: 'identity-status', 'aria-live': 'polite' });
  const identity = async (method) => {
    const objectId = identityInput.value.trim();
    const reply = await api(`identities/${enc(objectId || '-')}`, { method, json: method === 'PUT' ? { blocId: bloc, unitId } : undefined });
    if (reply.ok) return identityOut.replaceChildren(message(method === 'PUT' ? t('identity.mapped', objectId, u.name) : t('identity.unmapped', objectId), 'ok'));
    const unplaced = showFieldErrors(identityForm, reply.data, (f) => (f === 'objectId' ? identityInput : null));
    identityOut.replaceChildren(message(problemText(reply.data), 'error'), ...unplaced.map((x) => message(x, 'error')));
  };
  const identityForm = el('form', { id: 'identity-form', novalidate: true, onsubmit: (event) => { event.preventDefault(); identity('PUT'); } },
    el('label', { for: 'object-id' }, t('identity.objectId')), identityInput,
    el('div', { class: 'muted', id: 'object-id-help' }, t('identity.help')),
    el('p', { class: 'row' }, el('button', { type: 'submit', id: 'map-identity' }, t('identity.map')),
      el('button', { type: 'button', class: 'secondary', id: 'unmap-identity', onclick: () => identity('DELETE') }, t('identity.unmap'))),
    identityOut);
  render(
    el('h1', {}, creating ? t('unit.newTitle', stored.data.name) : t('unit.title', u.name)),
    el('p', {}, el('a', { href: `#/council/blocs/${enc(bloc)}/units` }, `← ${t('units.title', stored.data.name)}`)),
    notice?.conflict ? message(t('unit.conflict'), 'error') : null,
    notice?.saved ? message(t('unit.saved'), 'ok') : null,
    !creating && !u.active ? message(t('unit.isInactive'), 'warn') : null,
    form,
    creating ? null : el('section', { class: 'card' }, el('h2', {}, t('identity.title')), identityForm),
    creating ? null : el('section', { class: 'card' }, el('h2', {}, u.active ? t('unit.leave') : t('unit.rejoin')), message(u.active ? t('unit.leaveHelp') : t('unit.rejoinHelp')),
      el('button', {
        type: 'button', id: u.active ? 'deactivate-unit' : 'activate-unit', class: u.active ? 'return' : null,
        onclick: async () => {
          if (u.active && !window.confirm(t('unit.leaveConfirm', u.name))) return;
          await save(!u.active);
        },
      }, u.active ? t('unit.leave') : t('unit.rejoin'))));
}

/** Adds a unit to its bloc's members and rotation, reading the bloc afresh on a conflict (someone else's edit is kept). */
async function joinBloc(bloc, unitId) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const stored = await api(`blocs/${enc(bloc)}`);
    if (!stored.ok) return;
    const b = stored.data;
    if (b.memberUnitIds.includes(unitId)) return;
    const body = { ...b, memberUnitIds: [...b.memberUnitIds, unitId], rotationOrder: b.rotationOrder.includes(unitId) ? b.rotationOrder : [...b.rotationOrder, unitId] };
    delete body.blocId;
    const reply = await api(`blocs/${enc(bloc)}`, { method: 'PUT', json: body, ifMatch: stored.etag });
    if (reply.status !== 412) return;
  }
}

/**
 * The year's criteria table (the draft until the launch): shown, imported from .xlsx, exported, copied from
 * last year. Used by the criteria page and the launch page; onChange gets the draft (or null).
 */
async function criteriaSection(bloc, year, { editable = true, onChange = () => {} } = {}) {
  const box = el('div', { id: 'criteria-section' });
  const status = el('div', { id: 'criteria-status', 'aria-live': 'polite' });
  let draft = null;
  let etag = null;
  const path = `${campaignPath(bloc, year)}/criteria`;
  const file = el('input', { type: 'file', id: 'criteria-file', accept: '.xlsx,' + xlsxType });
  const after = async (reply, done) => {
    if (reply.status === 412) {
      await load();
      return status.replaceChildren(message(t('criteria.conflict'), 'error'));
    }
    if (!reply.ok) return status.replaceChildren(...sheetErrors(reply.data));
    await load();
    status.replaceChildren(message(done, 'ok'));
  };
  const importForm = el('form', {
    id: 'criteria-import',
    onsubmit: async (event) => {
      event.preventDefault();
      const picked = file.files[0];
      if (!picked) return status.replaceChildren(message(t('import.pick'), 'error'));
      status.replaceChildren(message(t('common.loading')));
      await after(await api(path, { method: 'PUT', body: picked, type: xlsxType, ifMatch: etag ?? undefined }), t('criteria.imported', picked.name));
    },
  }, el('label', { for: 'criteria-file' }, t('criteria.file')), el('div', { class: 'row' }, file, el('button', { type: 'submit', id: 'import-criteria' }, t('criteria.import'))));
  const copy = el('button', {
    type: 'button', class: 'secondary', id: 'copy-criteria',
    onclick: async () => after(await api(`${path}/copy`, { method: 'POST', json: { fromYear: Number(year) - 1 }, ifMatch: etag ?? undefined }), t('criteria.copied', Number(year) - 1)),
  }, t('criteria.copy', Number(year) - 1));
  const tools = el('p', { class: 'row' },
    el('button', { type: 'button', class: 'link', id: 'criteria-template', onclick: () => download('templates/criteria.xlsx', 'tieu-chi-cham-diem.xlsx', status) }, t('criteria.template')),
    el('button', { type: 'button', class: 'link', id: 'criteria-export', onclick: () => download(`${path}.xlsx`, `tieu-chi-${bloc}-${year}.xlsx`, status) }, t('criteria.export')));
  const table = () => {
    // A criteria table as the API sends it: { scale, criteria: [{ id, group, title, maxPoints, kind }] }.
    const c = draft.criteria;
    const items = c.criteria ?? [];
    return [
      el('p', { id: 'criteria-summary' }, t('criteria.summary', items.length, c.scale), draft.savedAt ? ` · ${t('criteria.savedAt', vietnamTime(draft.savedAt))}` : ''),
      el('table', { id: 'criteria', class: 'stack' },
        el('thead', {}, el('tr', {}, ['criteria.id', 'scores.criterion', 'scores.max'].map((k) => el('th', { scope: 'col' }, t(k))))),
        el('tbody', {}, items.map((i) => el('tr', { dataset: { criterion: i.id } },
          el('td', {}, i.id),
          el('td', {}, i.group ? el('div', { class: 'muted' }, i.group) : null, i.title, i.kind && i.kind.toLowerCase() !== 'regular' ? [' ', el('span', { class: 'tag' }, t(`scores.${i.kind.toLowerCase()}`))] : null),
          el('td', { class: 'num', 'data-label': t('scores.max') }, i.maxPoints))))),
    ];
  };
  async function load() {
    const reply = await api(path);
    draft = reply.ok ? reply.data : null;
    etag = reply.ok ? reply.etag : null;
    box.replaceChildren(...(draft ? table() : [message(t('criteria.none', year))]));
    tools.querySelector('#criteria-export').hidden = !draft;
    onChange(draft);
  }
  await load();
  return el('section', { class: 'card criteria-card' }, el('h2', {}, t('criteria.title', year)), box,
    editable ? [tools, importForm, el('p', {}, copy)] : tools, status);
}

async function criteriaPage({ bloc, year }) {
  const section = await criteriaSection(bloc, year);
  render(
    el('h1', {}, t('criteria.pageTitle', year)),
    me.role === 'admin' ? el('p', {}, el('a', { href: `#/council/blocs/${enc(bloc)}` }, `← ${t('nav.blocs')}`)) : null,
    message(t('criteria.help')),
    section,
    el('p', {}, el('a', { href: `#/blocs/${enc(bloc)}/${enc(year)}/launch`, id: 'to-launch' }, t('blocs.launchOf', year))));
}

/**
 * The launch: the criteria table, the commitments, the leader and deputy of a bloc's first year (council staff),
 * then a preview of the whole schedule in Vietnam time and of the compact exactly as it will be signed, then the
 * launch with that same schedule.
 */
async function launchPage({ bloc, year }, compact) {
  if (compact) {
    return render(el('h1', {}, t('launch.title', year)), message(t('launch.already', year), 'ok'),
      el('p', {}, el('a', { href: `#/blocs/${enc(bloc)}/${enc(year)}`, id: 'to-year' }, t('launch.toYear', year))));
  }
  const admin = me.role === 'admin';
  const [previous, previousCompact, units] = await Promise.all([
    api(`${campaignPath(bloc, Number(year) - 1)}/results`),
    api(`${campaignPath(bloc, Number(year) - 1)}/compact`),
    api(`blocs/${enc(bloc)}/units`),
  ]);
  const members = units.ok ? units.data.map((s) => s.unit).filter((u) => u.active) : [];
  const elected = previous.ok ? previous.data.nextLeaderUnitId : null;
  let criteria = null;
  const out = el('div', { id: 'launch-status', 'aria-live': 'polite' });
  const previewBox = el('div', { id: 'preview' });
  const criteriaCard = await criteriaSection(bloc, year, { onChange: (draft) => { criteria = draft?.criteria ?? null; previewBox.replaceChildren(); } });
  const commitments = el('textarea', { id: 'commitments', rows: 6, 'aria-describedby': 'commitments-help' },
    (previousCompact.ok ? previousCompact.data.commitments ?? [] : []).join('\n'));
  const options = (selected, none) => [none ? el('option', { value: '' }, none) : null, ...members.map((m) => el('option', { value: m.unitId, selected: m.unitId === selected }, m.name))];
  const leader = el('select', { id: 'launch-leader' }, options(null, t('launch.pick')));
  const deputy = el('select', { id: 'launch-deputy' }, options(null, t('launch.noDeputy')));
  const firstYear = admin && !elected;
  const body = () => ({
    commitments: commitments.value.split('\n').map((x) => x.trim()).filter(Boolean),
    ...(criteria ? { criteria } : {}),
    ...(firstYear ? { leaderUnitId: leader.value || null, deputyUnitId: deputy.value || null } : {}),
  });
  const fields = { commitments, leaderUnitId: leader, deputyUnitId: deputy };
  const refused = (reply) => {
    const unplaced = showFieldErrors(main, reply.data, (f) => fields[f.replace(/\[\d+\]$/, '')] ?? null);
    out.replaceChildren(message(problemText(reply.data), 'error'), ...unplaced.map((x) => message(x, 'error')));
  };
  const nameOf = (id) => members.find((m) => m.unitId === id)?.name ?? id;
  const preview = el('button', {
    type: 'button', id: 'preview-launch',
    onclick: async () => {
      out.replaceChildren(message(t('common.loading')));
      const sent = body();
      const reply = await api(`${campaignPath(bloc, year)}/launch/preview`, { method: 'POST', json: sent });
      if (!reply.ok) return refused(reply);
      out.replaceChildren();
      const p = reply.data;
      const confirm = el('button', {
        type: 'button', id: 'confirm-launch',
        onclick: async () => {
          confirm.disabled = true;
          const launched = await api(`${campaignPath(bloc, year)}/launch`, { method: 'POST', json: { ...sent, schedule: p.schedule } });
          if (!launched.ok) {
            confirm.disabled = false;
            return refused(launched);
          }
          compacts.delete(`${bloc}/${year}`);
          // Launched, the year's criteria and commitments are settled: the page keeps only what was done and where to go.
          const same = launched.data.compactSha256 === p.compactSha256;
          render(
            el('h1', {}, t('launch.title', year)),
            el('section', { class: 'card', id: 'launch-status' },
              message(t('launch.done', year), 'ok'), message(same ? t('launch.same') : t('launch.differs'), same ? 'ok' : 'warn'),
              el('p', { class: 'muted' }, `SHA-256 ${launched.data.compactSha256}`),
              el('p', {}, el('a', { href: `#/blocs/${enc(bloc)}/${enc(year)}`, id: 'to-year' }, t('launch.toYear', year)))));
        },
      }, t('launch.confirm', year));
      previewBox.replaceChildren(el('section', { class: 'card' },
        el('h2', {}, t('launch.previewTitle')),
        el('p', { id: 'preview-leadership' }, t('launch.leadership', nameOf(p.leaderUnitId), p.deputyUnitId ? nameOf(p.deputyUnitId) : t('launch.none'))),
        el('p', {}, t('launch.members', (p.members ?? []).length)),
        el('table', { id: 'schedule', class: 'stack' },
          el('caption', {}, t('launch.scheduleCaption')),
          el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('launch.step')), el('th', { scope: 'col' }, t('launch.when')))),
          el('tbody', {}, (p.steps ?? []).map((s) => el('tr', {}, el('td', {}, s.what), el('td', { 'data-label': t('launch.when') }, s.vietnamTime ?? vietnamTime(s.at)))))),
        el('h3', {}, t('launch.reminders')),
        (p.reminders ?? []).length ? el('ul', { id: 'reminders' }, p.reminders.map((r) => el('li', {}, vietnamTime(r)))) : message(t('launch.noReminders')),
        el('h3', {}, t('launch.compact')),
        message(t('launch.compactHelp')),
        el('iframe', { class: 'compact', id: 'compact-preview', sandbox: '', title: t('launch.compact'), srcdoc: p.compactHtml }),
        el('p', { class: 'muted' }, `SHA-256 ${p.compactSha256}`),
        el('p', {}, confirm)));
      previewBox.scrollIntoView?.();
    },
  }, t('launch.preview'));
  render(
    el('h1', {}, t('launch.title', year)),
    message(admin ? t('launch.helpCouncil') : t('launch.helpLeader')),
    criteriaCard,
    el('section', { class: 'card' }, el('h2', {}, t('launch.commitments')),
      el('label', { for: 'commitments' }, t('launch.commitmentsLabel')), commitments, el('div', { class: 'muted', id: 'commitments-help' }, t('launch.commitmentsHelp'))),
    firstYear ? el('section', { class: 'card' }, el('h2', {}, t('launch.leadershipTitle')), message(t('launch.firstYear')),
      el('label', { for: 'launch-leader' }, t('conf.role.leader')), leader, el('label', { for: 'launch-deputy' }, t('conf.role.deputy')), deputy)
      : elected ? el('section', { class: 'card' }, message(t('launch.elected', nameOf(elected), Number(year) - 1))) : null,
    el('p', {}, preview),
    out,
    previewBox);
}

// ---- Router ------------------------------------------------------------------------------
// Routes run one after another, so a slow page never paints over the page asked for after it.
let routing = Promise.resolve();

// main's data-shown names the address whose page is on screen once it is drawn, so a reader (a browser test)
// acts on the page it asked for, not on the one it replaces.
function route() {
  delete main.dataset.shown;
  routing = routing.then(routeNow).then(() => { main.dataset.shown = location.hash; }).catch(showFailure);
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
  const councilPages = { council: provincePage, proposals: proposalsPage, blocs: blocsPage, bloc: blocPage, units: unitsPage, unit: unitPage };
  if (councilPages[current.page]) {
    navigation({}, null);
    return councilPages[current.page](current);
  }
  render(message(t('common.loading')));
  const [compact, mode] = await Promise.all([compactOf(current.bloc, current.year), yearEndOf(current.bloc, current.year)]);
  navigation(current, compact, mode);
  if (current.unit && me.role === 'unit' && (current.unit !== me.unitId || current.bloc !== me.blocId)) {
    return render(message(t('common.forbidden'), 'error'));
  }
  const pages = { home: homePage, compact: compactPage, scores: scoresPage, vote: votePage, leader: leaderPage, conference: conferencePage, screen: screenPage, criteria: criteriaPage, launch: launchPage };
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

// From an empty province to a running year, in the portal. PART=setup: council staff create the bloc "Văn hóa –
// Xã hội" with its rules, import its units from a spreadsheet (a dry run first), register a unit's certificate from
// its .pem file and see another's, expired, flagged; map a sign-in identity; meet another clerk's edit as a conflict;
// start the year appointing its leader and deputy (the council's decision for a bloc's first year); import the
// criteria (after a file that is no workbook and one with a maximum above the scale). The appointed leader signs in
// with its unit's token, previews the schedule and compact and launches the year from the launch page; council staff
// see the bloc on the province overview and download the year's summary. PART=unit, once the other units signed through the API: the
// unit signs the compact and submits its self-assessment, the leader follows the progress, council staff see the year
// on the overview. Started by CouncilSetupPortalTests.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { env, base, tokens, apiGet, until, open, shot, step, run, browser, watch, shown } from './kit.mjs';

const bloc = env('PORTAL_BLOC');
const year = env('PORTAL_YEAR');
const unit = env('PORTAL_UNIT');
const leader = env('PORTAL_LEADER');
const deputy = env('PORTAL_DEPUTY');
const part = env('PART');
const downloads = env('DOWNLOADS');
const campaign = `blocs/${bloc}/campaigns/${year}`;

/** The API as another clerk uses it at the same time: read with its ETag, write with If-Match. */
async function otherClerk(route, change) {
  const headers = { Authorization: `Bearer ${tokens.admin}` };
  const read = await fetch(new URL(`api/${route}`, base), { headers });
  const { blocId, ...current } = await read.json();
  assert.ok(blocId, 'the bloc read back names its id');
  const response = await fetch(new URL(`api/${route}`, base), {
    method: 'PUT', headers: { ...headers, 'Content-Type': 'application/json', 'If-Match': read.headers.get('ETag') }, body: JSON.stringify(change(current)),
  });
  assert.equal(response.status, 200, `the other clerk saves: ${await response.text()}`);
}

async function save(page, button, name) {
  const download = page.waitForEvent('download');
  await page.locator(button).click();
  const file = await download;
  await file.saveAs(path.join(downloads, name ?? file.suggestedFilename()));
  return file.suggestedFilename();
}

async function setup() {
  await step('served by the Functions app (under /api/portal), the sign-in page also offers the Microsoft sign-in, back to the page asked for; locally it does not', async () => {
    const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    watch(page);
    // The Functions app serves the portal's files under /api/portal/; here the local host's files are served there.
    await page.route((url) => url.pathname.startsWith('/api/portal/'), async (route) => {
      const file = new URL(route.request().url()).pathname.slice('/api/portal/'.length) || 'index.html';
      await route.fulfill({ response: await route.fetch({ url: new URL(file, base).toString() }) });
    });
    const launchPage = `/api/portal/#/blocs/${bloc}/${year}/launch`;
    await page.goto(new URL(launchPage, base).toString());
    const microsoft = page.getByRole('link', { name: 'Đăng nhập bằng tài khoản Microsoft' });
    await microsoft.waitFor();
    assert.equal(await microsoft.getAttribute('href'), `/.auth/login/aad?post_login_redirect_uri=${encodeURIComponent(launchPage)}`);
    await page.locator('#token').waitFor();
    await shot(page, 'k00-signin-microsoft');
    await page.goto(base);
    await page.locator('#token').waitFor();
    assert.equal(await page.locator('#signin-microsoft').count(), 0, 'the local host has no Microsoft sign-in');
    await context.close();
  });

  const council = await open(tokens.admin, { viewport: { width: 1366, height: 900 } });

  await step('an empty province: the overview offers to create the first bloc', async () => {
    await shown(council, '#/council');
    await council.getByRole('heading', { name: /^Các khối thi đua của tỉnh năm \d{4}$/ }).waitFor();
    await council.getByText('Tỉnh chưa có khối thi đua nào').waitFor();
    await shot(council, 'k01-province-empty');
  });

  await step('council staff create the bloc; every rule shows its default and what it means', async () => {
    await council.locator('#first-bloc').click();
    await council.getByRole('heading', { name: 'Tạo khối thi đua mới' }).waitFor();
    await council.getByLabel('Tên khối').fill('Văn hóa – Xã hội');
    assert.equal(await council.locator('#bloc-id').inputValue(), bloc, 'the id is suggested from the name');
    const threshold = council.locator('.rule[data-path="voting.thresholdPercent"]');
    assert.equal(await threshold.locator('input').inputValue(), '50');
    assert.match(await threshold.textContent(), /Mặc định: 50/);
    const reminders = council.locator('.rule[data-path="reminderOffsets"]');
    assert.equal(await reminders.locator('input').inputValue(), '7 ngày; 3 ngày; 1 ngày');
    assert.match(await council.locator('.rule[data-path="leaderElection"]').textContent(), /Mặc định: /);
    const rules = await council.locator('.rule').count();
    assert.ok(rules >= 20, `every rule of the catalog is on the page (${rules})`);
    await council.locator('.rule[data-path="documents.place"] input').fill('Lào Cai');
    await shot(council, 'k02-bloc-new-rules');
    await council.getByRole('button', { name: 'Tạo khối', exact: true }).click();
    await shown(council, `#/council/blocs/${bloc}`);
    await council.getByRole('heading', { name: 'Khối thi đua Văn hóa – Xã hội' }).waitFor();
    const stored = (await apiGet(tokens.admin, `blocs/${bloc}`)).body;
    assert.equal(stored.rules.documents.place, 'Lào Cai');
    assert.deepEqual(stored.rules.reminderOffsets, ['7.00:00:00', '3.00:00:00', '1.00:00:00']);
    assert.equal(stored.rules.voting.thresholdPercent, 50);
  });

  await step('the units are imported from the spreadsheet: a dry run lists them and stores nothing, then they are applied', async () => {
    await council.getByRole('link', { name: /^Quản lý đơn vị thành viên/ }).click();
    await council.locator('#units-file').setInputFiles(env('PORTAL_UNITS_XLSX'));
    await council.getByRole('button', { name: 'Xem trước thay đổi' }).click();
    const changes = council.locator('#import-changes tbody tr');
    await changes.first().waitFor();
    assert.equal(await changes.count(), 5);
    assert.equal(await council.locator('#import-changes tbody tr[data-action="create"]').count(), 5);
    assert.match(await council.locator('#import-changes').textContent(), /Thêm mới/);
    await shot(council, 'k03-units-import-preview');
    assert.deepEqual((await apiGet(tokens.admin, `blocs/${bloc}/units`)).body, [], 'a dry run stores nothing');
    await council.getByRole('button', { name: 'Áp dụng' }).click();
    await council.getByText(/Đã nhập danh sách đơn vị: 5 đơn vị/).waitFor();
    assert.equal(await council.locator('#units tbody tr').count(), 5);
    assert.equal(await council.locator('#units .warn').count(), 0, 'every imported unit is a member of the bloc');
    await shot(council, 'k04-units-imported');
  });

  await step('a unit\'s certificate is registered from its .pem file and shown with subject, issuer and validity', async () => {
    await council.locator(`#units tr[data-unit="${unit}"] a`).click();
    await council.locator('#certificate-file').setInputFiles(env('PORTAL_CERT_PEM'));
    await council.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await council.getByText('Đã lưu đơn vị.').waitFor();
    assert.match(await council.locator('#cert-subject').textContent(), /Sở Văn hóa, Thể thao và Du lịch/);
    assert.match(await council.locator('#cert-issuer').textContent(), /Sở Văn hóa, Thể thao và Du lịch/);
    assert.match(await council.locator('#cert-validity').textContent(), /^Từ .+ đến .+$/);
    assert.equal(await council.locator('#cert-expired').count(), 0);
    await shot(council, 'k05-unit-certificate');
  });

  await step('a signed-in identity is mapped to the unit', async () => {
    await council.getByLabel('Mã đối tượng (Object ID)').fill('not-a-guid');
    await council.getByRole('button', { name: 'Gắn với đơn vị này' }).click();
    await council.locator('#identity-status .error').first().waitFor();
    await council.getByLabel('Mã đối tượng (Object ID)').fill('3f2b8c1e-5d7a-4e9b-8c6f-1a2b3c4d5e6f');
    await council.getByRole('button', { name: 'Gắn với đơn vị này' }).click();
    await council.locator('#identity-status').getByText(/Tài khoản 3f2b8c1e-5d7a-4e9b-8c6f-1a2b3c4d5e6f đã được gắn với/).waitFor();
    await shot(council, 'k06-unit-identity');
  });

  await step('an expired certificate (DER .cer) is flagged on its unit and in the list', async () => {
    await council.goto(`${base}#/council/blocs/${bloc}/units/${env('PORTAL_EXPIRED_UNIT')}`);
    await council.getByRole('heading', { name: 'Đơn vị Sở Y tế' }).waitFor();
    await council.locator('#certificate-file').setInputFiles(env('PORTAL_EXPIRED_CER'));
    await council.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await council.locator('#cert-expired').waitFor();
    assert.match(await council.locator('#cert-expired').textContent(), /đã hết hạn/);
    await shot(council, 'k07-unit-certificate-expired');
    await council.goto(`${base}#/council/blocs/${bloc}/units`);
    assert.match(await council.locator(`#units tr[data-unit="${env('PORTAL_EXPIRED_UNIT')}"] td.certificate`).textContent(), /Đã hết hạn/);
  });

  await step('two clerks edit the bloc: the later save is refused with a clear message and the page reloads, nothing overwritten', async () => {
    await council.goto(`${base}#/council/blocs/${bloc}`);
    await council.locator('#rotation li').first().waitFor();
    assert.equal(await council.locator('#rotation li').count(), 5);
    assert.equal(await council.locator('#members input:checked').count(), 5);
    await otherClerk(`blocs/${bloc}`, (b) => ({ ...b, launchDay: 20 }));
    await council.locator('.rule[data-path="voting.thresholdPercent"] input').fill('60');
    await council.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await council.getByText(/vừa được người khác sửa sau khi bạn mở trang/).waitFor();
    assert.equal(await council.locator('#launch-day').inputValue(), '20', 'the page shows the other clerk\'s change');
    assert.equal(await council.locator('.rule[data-path="voting.thresholdPercent"] input').inputValue(), '50', 'the refused change is not kept as if saved');
    assert.equal((await apiGet(tokens.admin, `blocs/${bloc}`)).body.launchDay, 20);
    await shot(council, 'k08-bloc-conflict');
    // The second in the rotation leads after the first: the clerk moves the deputy-to-be up and saves again.
    const second = council.locator('#rotation li').nth(1);
    const name = (await second.locator('.name').textContent()).trim();
    await second.getByRole('button', { name: `Đưa ${name} lên trước` }).click();
    assert.equal((await council.locator('#rotation li .name').first().textContent()).trim(), name);
    await council.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await council.getByText('Đã lưu khối thi đua.').waitFor();
  });

  await step('the year is started from the bloc\'s page, appointing the first year\'s leader and deputy', async () => {
    await council.locator('#cycle-year').fill(year);
    await council.locator('#appointment').waitFor();
    const choices = await council.locator('#cycle-leader option').count();
    assert.equal(choices, 6, 'the five active members, after "not appointed"');
    await council.getByLabel('Trưởng khối', { exact: true }).selectOption(leader);
    await council.getByLabel('Phó trưởng khối', { exact: true }).selectOption(leader);
    await council.getByRole('button', { name: 'Bắt đầu năm thi đua' }).click();
    await council.locator('#cycle-status .error').getByText('Phó trưởng khối phải là đơn vị khác trưởng khối', { exact: false }).waitFor();
    await council.getByLabel('Phó trưởng khối', { exact: true }).selectOption(deputy);
    await council.getByRole('button', { name: 'Bắt đầu năm thi đua' }).click();
    await council.locator('#cycle-status').getByText(`Đã bắt đầu năm thi đua ${year}`, { exact: false }).waitFor();
    await council.locator('#cycle-status').getByText('Đã chỉ định trưởng khối: Sở Giáo dục', { exact: false }).waitFor();
    assert.equal(await council.locator('#cycle-form .field-error').count(), 0, 'the corrected choice shows no error any more');
    await shot(council, 'k09-bloc-year-started');
  });

  await step('the criteria: a file that is no workbook and one above the scale are refused, each error at its cell, nothing stored; the real one is imported and exported', async () => {
    await council.locator('#to-criteria').click();
    await council.getByRole('heading', { name: `Bảng tiêu chí chấm điểm năm ${year}` }).first().waitFor();
    await council.getByText(`Chưa có bảng tiêu chí chấm điểm cho năm ${year}.`).waitFor();
    await council.locator('#criteria-file').setInputFiles(env('PORTAL_BAD_XLSX'));
    await council.getByRole('button', { name: 'Nhập từ tệp' }).click();
    await council.locator('#criteria-status .error').first().waitFor();
    await council.locator('#criteria-file').setInputFiles(env('PORTAL_OVER_SCALE_XLSX'));
    await council.getByRole('button', { name: 'Nhập từ tệp' }).click();
    const cell = council.locator('#criteria-status .sheet-errors li[data-sheet="Tiêu chí"][data-row="5"][data-column="D"]');
    await cell.waitFor();
    assert.match(await cell.textContent(), /Tiêu chí.*dòng 5.*cột D.*130.*thang điểm 100/);
    assert.match(await council.locator('#criteria-status').textContent(), /Tệp chưa được nhập, không có gì được lưu/);
    assert.equal((await apiGet(tokens.admin, `${campaign}/criteria`)).status, 404, 'nothing stored');
    await shot(council, 'k10-criteria-refused');
    await council.locator('#criteria-file').setInputFiles(env('PORTAL_CRITERIA_XLSX'));
    await council.getByRole('button', { name: 'Nhập từ tệp' }).click();
    await council.locator('#criteria-status').getByText('Đã nhập bảng tiêu chí chấm điểm').waitFor();
    const lines = await council.locator('#criteria tbody tr').count();
    assert.ok(lines >= 6, `the criteria are listed (${lines})`);
    assert.match(await council.locator('#criteria-summary').textContent(), /thang điểm 100/);
    await shot(council, 'k11-criteria-imported');
    assert.match(await save(council, '#criteria-export'), /\.xlsx$/);
  });

  await step('the appointed leader signs in with its unit\'s token and launches the year: a preview of every deadline and of the compact, then the launch', async () => {
    const at = `#/blocs/${bloc}/${year}/launch`;
    const other = await open(tokens[unit], {}, at);
    await other.getByRole('button', { name: 'Xem trước lịch và giao ước' }).click();
    await other.locator('#launch-status .error').getByText(`Chỉ trưởng khối '${bloc}' năm ${year}`, { exact: false }).waitFor();
    await other.context().close();
    const page = await open(tokens[leader], { viewport: { width: 1366, height: 900 } }, at);
    await page.getByRole('heading', { name: `Phát động thi đua năm ${year}` }).waitFor();
    await page.locator('#criteria tbody tr').first().waitFor();
    assert.equal(await page.locator('#launch-leader').count(), 0, 'the leader is appointed: the page does not ask for one');
    await page.getByLabel('Các nội dung giao ước').fill([
      'Thực hiện tốt các chủ trương, chính sách về văn hóa, giáo dục, y tế và an sinh xã hội.',
      'Hoàn thành 100% nhiệm vụ được Ủy ban nhân dân tỉnh giao trong năm.',
      'Đẩy mạnh chuyển đổi số, giải quyết thủ tục hành chính đúng hạn.',
    ].join('\n'));
    await shot(page, 'k12-leader-launch-page');
    await page.getByRole('button', { name: 'Xem trước lịch và giao ước' }).click();
    const steps = page.locator('#schedule tbody tr');
    await steps.first().waitFor();
    assert.ok(await steps.count() >= 6, 'every deadline of the year is listed');
    assert.match(await page.locator('#schedule').textContent(), new RegExp(`${year}`));
    assert.match(await page.locator('#preview-leadership').textContent(), /Sở Giáo dục.*Sở Y tế/);
    assert.equal(await page.locator('#reminders li').count(), 3, 'the three reminders of the scoring deadline');
    await page.frameLocator('#compact-preview').getByText('GIAO ƯỚC THI ĐUA', { exact: false }).first().waitFor();
    await page.frameLocator('#compact-preview').getByText('Đẩy mạnh chuyển đổi số', { exact: false }).first().waitFor();
    await shot(page, 'k13-launch-preview');
    assert.equal((await apiGet(tokens.admin, `${campaign}/compact`)).status, 404, 'a preview launches nothing');
    await page.getByRole('button', { name: `Xác nhận phát động thi đua năm ${year}` }).click();
    await page.getByText(`Đã phát động thi đua năm ${year}`, { exact: false }).waitFor();
    await page.getByText('trùng khớp bản xem trước').waitFor();
    await shot(page, 'k14-launched');
    const compact = (await apiGet(tokens.admin, `${campaign}/compact`)).body;
    assert.equal(compact.leaderUnitId, leader);
    assert.equal(compact.deputyUnitId, deputy);
  });

  await step('the province overview shows the bloc signing its compact, with its deadline and pending units', async () => {
    // The workflow takes the launch in a moment after it is stored.
    await until('the year is signing', async () => (await apiGet(tokens.admin, `${campaign}/status`)).body.phase === 'signing', 60);
    await council.goto(`${base}#/council/${year}`);
    await council.getByRole('heading', { name: `Các khối thi đua của tỉnh năm ${year}` }).waitFor();
    const row = council.locator(`#blocs tr[data-bloc="${bloc}"]`);
    await row.waitFor();
    assert.equal(await row.locator('td.phase').getAttribute('data-phase'), 'signing');
    assert.match(await row.locator('td.deadline').textContent(), new RegExp(`${year}`));
    assert.equal(await row.locator('td.pending li').count(), 5);
    assert.equal(await save(council, '#summary-xlsx'), `tong-hop-thi-dua-${year}.xlsx`);
    assert.equal(readFileSync(path.join(downloads, `tong-hop-thi-dua-${year}.xlsx`)).subarray(0, 2).toString(), 'PK');
    await shot(council, 'k15-province-signing');
  });
}

async function unitPart() {
  const home = `#/blocs/${bloc}/${year}/units/${unit}`;
  const page = await open(tokens[unit], { viewport: { width: 1280, height: 900 } });

  await step('the unit signs the compact with its .p7s', async () => {
    await shown(page, home);
    await page.locator('#todo-sign').click();
    await page.locator('#p7s').setInputFiles(env('PORTAL_P7S'));
    await page.getByRole('button', { name: 'Gửi chữ ký' }).click();
    await page.locator('#sign-status').getByText('Đã ghi nhận chữ ký').waitFor();
    assert.equal(await page.locator('#signers tbody tr').count(), 5);
    await shot(page, 'k16-unit-compact-signed');
  });

  await step('the compact is sealed; the unit submits its self-assessment', async () => {
    await until('scoring opens', async () => (await apiGet(tokens[unit], `${campaign}/status`)).body.phase === 'scoring', 90);
    await page.goto(`${base}${home}`);
    await page.locator('#todo-scores').click();
    const compact = (await apiGet(tokens[unit], `${campaign}/compact`)).body;
    for (const c of compact.criteria.items.filter((i) => i.kind.toLowerCase() === 'regular')) {
      await page.locator(`#points-${c.id}`).fill(String(Math.max(0, c.maxPoints - 1)));
    }
    await page.getByRole('button', { name: 'Nộp bảng điểm' }).click();
    await page.locator('#score-status').getByText('Đã nộp phiên bản 1.').waitFor();
    await shot(page, 'k17-unit-scores-submitted');
  });

  await step('the leader follows the progress', async () => {
    const leaderPage = await open(tokens[leader]);
    await leaderPage.goto(`${base}#/blocs/${bloc}/${year}`);
    await leaderPage.locator('#summary').getByText(/Đã ký: 5\/5 · Đã nộp: 1\/5/).waitFor();
    await shot(leaderPage, 'k18-leader-progress');
  });

  await step('council staff see the year scoring on the province overview, in Vietnamese, in English and on a phone', async () => {
    const council = await open(tokens.admin, { viewport: { width: 1366, height: 900 } });
    await council.goto(`${base}#/council/${year}`);
    await council.getByRole('heading', { name: `Các khối thi đua của tỉnh năm ${year}` }).waitFor();
    const row = council.locator(`#blocs tr[data-bloc="${bloc}"]`);
    await row.waitFor();
    assert.equal(await row.locator('td.phase').getAttribute('data-phase'), 'scoring');
    assert.equal(await row.locator('td.pending li').count(), 4, 'four units still to submit');
    assert.doesNotMatch(await row.locator('td.pending').textContent(), /Sở Văn hóa/);
    await shot(council, 'k19-province-scoring');
    await council.locator('#lang').click();
    await council.getByRole('heading', { name: `Emulation blocs of the province, ${year}` }).waitFor();
    await shot(council, 'k20-province-english');
    await council.locator('#lang').click();
    await council.setViewportSize({ width: 390, height: 844 });
    await council.goto(`${base}#/council/blocs`);
    await council.locator(`#bloc-list tr[data-bloc="${bloc}"]`).waitFor();
    await shot(council, 'k21-blocs-phone');
  });
}

await run(() => (part === 'setup' ? setup() : unitPart()));

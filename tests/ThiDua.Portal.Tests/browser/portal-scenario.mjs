// One year of a bloc in the portal, in Debian's chromium driven by playwright-core. PART=cycle: a unit
// signs the compact, uploads evidence (a refused file first), submits its scores (a field error first,
// then success), votes and checks its receipt; the leader watches the progress change, adjusts a score
// (never its own unit's: the deputy is offered that one, and only it) and closes the review.
// PART=council, once the year is archived and a restarted host purged its history: council staff see
// the bloc's phase, results, archive and its verification, and the unit opens the link of its
// confirmation email. Along the way the unit, the leader and council staff find the year's documents (Văn bản) and
// download them; the files go to DOWNLOADS for the test to read back. Started by PortalBrowserTests with the host's address,
// tokens and files in the environment; PNGs named NN-page-what go to SCREENSHOTS. Exit code 0 = passed.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { env, base, tokens, apiGet, apiSend, until, browser, watch, open, shot, step, run, shown } from './kit.mjs';

const bloc = env('PORTAL_BLOC');
const year = env('PORTAL_YEAR');
const unit = env('PORTAL_UNIT');
const leader = env('PORTAL_LEADER');
const deputy = env('PORTAL_DEPUTY');
const part = env('PART');
const campaign = `blocs/${bloc}/campaigns/${year}`;
const downloads = env('DOWNLOADS');

/** Clicks a document's download in <section> and keeps the file under DOWNLOADS; returns its suggested name. */
async function downloadDocument(page, section, name, format) {
  const download = page.waitForEvent('download');
  await section.locator(`li[data-document="${name}"] button[data-format="${format}"]`).click();
  const file = await download;
  await file.saveAs(path.join(downloads, file.suggestedFilename()));
  return file.suggestedFilename();
}

async function cycle() {
  const p7s = env('PORTAL_P7S');
  const otherSheets = JSON.parse(env('PORTAL_OTHER_SHEETS'));
  const evidence = env('PORTAL_EVIDENCE');
  let unitPage;
  let leaderPage;
  const home = `#/blocs/${bloc}/${year}/units/${unit}`;

  await step('sign-in page refuses a wrong token, then the unit lands on its home', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    watch(page);
    await page.goto(base);
    await page.locator('#token').fill('not-a-token');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByText('Mã truy cập không hợp lệ').waitFor();
    await shot(page, '01-signin');
    await page.locator('#token').fill(tokens[unit]);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await shown(page, home);
    await page.locator('#todo-sign').waitFor();
    assert.equal(await page.locator('#phase').getAttribute('data-phase'), 'signing');
    assert.match(await page.locator('#countdown').textContent(), /\d\d:\d\d:\d\d/);
    assert.equal(await page.locator('#todo-scores').count(), 0, 'scores are collected once the compact is sealed');
    await shot(page, '02-home-phone');
    unitPage = page;
  });

  await step('the unit is shown nothing of another unit, the leader\'s page or the council page', async () => {
    const other = leader;
    const asked = [];
    const record = (request) => { if (/\/api\//.test(request.url())) asked.push(new URL(request.url()).pathname); };
    unitPage.on('request', record);
    for (const [hash, text] of [
      [`#/blocs/${bloc}/${year}/units/${other}/scores`, 'Bạn không có quyền xem trang này.'],
      [`#/blocs/${bloc}/${year}/units/${other}/vote`, 'Bạn không có quyền xem trang này.'],
      [`#/blocs/${bloc}/${year}`, 'Chỉ Trưởng khối, Phó trưởng khối năm nay và Hội đồng thi đua xem được trang này.'],
      ['#/council', 'Chỉ cán bộ Hội đồng thi đua xem được trang này.'],
    ]) {
      await unitPage.goto(`${base}${hash}`);
      await unitPage.getByText(text).waitFor();
      assert.equal(await unitPage.locator('main table').count(), 0, `${hash} shows no table`);
    }
    unitPage.off('request', record);
    assert.deepEqual(asked.filter((p) => p.includes(`/${other}`) || /\/(progress|blocs)$/.test(p)), [], 'the portal asked for nothing of another unit, the bloc\'s progress or the list of blocs');
    await unitPage.goto(`${base}${home}`);
    await unitPage.locator('#todo-sign').waitFor();
  });

  await step('the leader sees who has signed', async () => {
    leaderPage = await open(tokens[leader]);
    await leaderPage.goto(`${base}#/blocs/${bloc}/${year}`);
    await leaderPage.locator('#summary').waitFor();
    assert.match(await leaderPage.locator('#summary').textContent(), /Đã ký: 4\/5/);
    assert.match(await leaderPage.locator(`tr[data-unit="${unit}"]`).textContent(), /Chưa/);
    await shot(leaderPage, '03-leader-progress-before');
  });

  await step('the unit reads the compact and uploads its .p7s', async () => {
    await unitPage.goto(`${base}${home}/compact`);
    const frame = unitPage.frameLocator('iframe.compact');
    await frame.getByText('GIAO ƯỚC THI ĐUA', { exact: false }).first().waitFor();
    await unitPage.locator('#p7s').setInputFiles(p7s);
    await unitPage.getByRole('button', { name: 'Gửi chữ ký' }).click();
    await unitPage.locator('#sign-status').getByText('Đã ghi nhận chữ ký').waitFor();
    assert.equal(await unitPage.locator('#signers tbody tr').count(), 5);
    const download = unitPage.waitForEvent('download');
    await unitPage.locator('#download').click();
    assert.match((await download).suggestedFilename(), /^giao-uoc-.*\.json$/);
    await shot(unitPage, '04-compact-signed');
  });

  await step('the compact is sealed, the other units submit through the API, the unit is asked for its scores', async () => {
    await until('scoring opens', async () => (await apiGet(tokens[unit], `${campaign}/status`)).body.phase === 'scoring', 60);
    for (const [other, sheet] of Object.entries(otherSheets)) {
      const response = await fetch(new URL(`api/${campaign}/scores/${other}`, base), {
        method: 'POST', headers: { Authorization: `Bearer ${tokens[other]}`, 'Content-Type': 'application/json' }, body: JSON.stringify(sheet),
      });
      assert.equal(response.status, 201, `${other} submits: ${await response.text()}`);
    }
    await unitPage.goto(`${base}${home}`);

    // The sealed compact is a document of the year now; the score summary waits for the end of review.
    const documents = unitPage.locator('section.documents');
    await documents.locator('li[data-document="giao-uoc-thi-dua"]').waitFor();
    assert.match(await documents.locator('ul.documents-list').textContent(), /Giao ước thi đua/);
    assert.match(await documents.locator('ul.documents-pending').textContent(), /Bảng tổng hợp kết quả chấm điểm – sau khi kết thúc thẩm định/);
    assert.equal(await downloadDocument(unitPage, documents, 'giao-uoc-thi-dua', 'pdf'), `${bloc}-${year}-giao-uoc-thi-dua.pdf`);
    await documents.scrollIntoViewIfNeeded();
    await shot(unitPage, '20-home-documents-phone');
    await unitPage.locator('#todo-scores').click();
    await unitPage.locator('#points-1-1').waitFor();
  });

  await step('the unit uploads evidence: a file that is not what its name says is refused, then a PDF is listed', async () => {
    const fake = path.join(path.dirname(evidence), 'not-a-pdf.pdf');
    writeFileSync(fake, 'Biên bản họp, bản nháp (không phải PDF)');
    await unitPage.locator('#evidence-file').setInputFiles(fake);
    await unitPage.locator('#upload-evidence').click();
    const refused = unitPage.locator('#evidence-form .field-error[data-field="body"]');
    await refused.waitFor();
    assert.match(await refused.textContent(), /^Nội dung không phải là tệp PDF như Content-Type application\/pdf khai báo\.$/);
    assert.equal(await unitPage.locator('#evidence-file').getAttribute('aria-invalid'), 'true');
    await shot(unitPage, '05-scores-evidence-refused');
    await unitPage.locator('#evidence-file').setInputFiles(evidence);
    await unitPage.locator('#upload-evidence').click();
    await unitPage.locator('#evidence-status').getByText('Đã tải lên “Báo cáo mô hình một cửa.pdf”').waitFor();
    const listed = unitPage.locator('#evidence tbody tr');
    assert.equal(await listed.count(), 1);
    assert.match(await listed.textContent(), /Báo cáo mô hình một cửa\.pdf/);
    assert.equal(await listed.locator('input[name=attach]').isChecked(), true);
    await shot(unitPage, '06-scores-evidence-uploaded');
  });

  await step('the unit submits scores: a field error first, then success', async () => {
    await unitPage.locator('#points-1-1').fill('60');
    await unitPage.locator('#points-1-2').fill('19');
    await unitPage.locator('#points-2-1').fill('15');
    await unitPage.locator('#points-2-2').fill('14');
    await unitPage.locator('#points-thuong-1').fill('3');
    await unitPage.locator('#submit-scores').click();
    const error = unitPage.locator('.field-error[data-field="lines[0].points"]');
    await error.waitFor();
    assert.equal(await unitPage.locator('#points-1-1').getAttribute('aria-invalid'), 'true');
    assert.equal(await unitPage.locator('.field-error[data-field="lines[4].reason"]').count(), 1, 'the bonus without a reason is named too');
    await shot(unitPage, '07-scores-field-error');
    await unitPage.locator('#points-1-1').fill('48');
    await unitPage.locator('#reason-thuong-1').fill('Mô hình "Một cửa liên thông" được Bộ Nội vụ công nhận');
    await unitPage.locator('#submit-scores').click();
    await unitPage.locator('#score-status').getByText('Đã nộp phiên bản 1').waitFor();
    assert.equal(await unitPage.locator('.field-error').count(), 0);
    assert.equal(await unitPage.locator('#versions tbody tr').count(), 1);
    assert.match(await unitPage.locator('#versions tbody tr').textContent(), /99.*Báo cáo mô hình một cửa\.pdf/);
    await shot(unitPage, '08-scores-submitted');
  });

  await step('the leader sees the unit signed and submitted', async () => {
    await leaderPage.reload();
    await leaderPage.locator('#summary').waitFor();
    assert.match(await leaderPage.locator('#summary').textContent(), /Đã ký: 5\/5 · Đã nộp: 5\/5/);
    assert.match(await leaderPage.locator(`tr[data-unit="${unit}"]`).textContent(), /✓.*v1/);
    await shot(leaderPage, '09-leader-progress-submitted');
  });

  await step('in review the leader adjusts a score with a reason and closes the review', async () => {
    await until('the review window', async () => (await apiGet(tokens[leader], `${campaign}/status`)).body.phase === 'review');
    await leaderPage.reload();
    // Never its own unit: the leader's own points are the deputy's to review.
    await leaderPage.locator('#adjust-unit').waitFor();
    assert.equal(await leaderPage.locator(`#adjust-unit option[value="${leader}"]`).count(), 0);
    await leaderPage.locator('#adjust-unit').selectOption(unit);
    await leaderPage.locator('#adjust-criterion').selectOption('1-2');
    await leaderPage.locator('#adjust-points').fill('18');
    await leaderPage.getByRole('button', { name: 'Ghi điều chỉnh' }).click();
    await leaderPage.locator('.field-error[data-field="reason"]').waitFor();
    await leaderPage.locator('#adjust-reason').fill('Chưa đạt chỉ tiêu dịch vụ công trực tuyến toàn trình');
    await leaderPage.getByRole('button', { name: 'Ghi điều chỉnh' }).click();
    await leaderPage.locator('#leader-status').getByText('Đã ghi điều chỉnh').waitFor();
    await leaderPage.locator('#close-review').click();
    await leaderPage.locator('#leader-status').getByText('Đã kết thúc thẩm định').waitFor();
    await shot(leaderPage, '10-leader-review-closed');
  });

  await step('the deputy is offered the leader\'s own unit to review, and only it', async () => {
    const deputyPage = await open(tokens[deputy]);
    await deputyPage.goto(`${base}#/blocs/${bloc}/${year}/units/${deputy}`);
    await deputyPage.getByRole('link', { name: 'Thẩm định điểm' }).click();
    await deputyPage.locator('#adjust-unit').waitFor();
    assert.deepEqual(await deputyPage.locator('#adjust-unit option').evaluateAll((options) => options.map((o) => o.value)), [leader]);
    assert.equal(await deputyPage.locator('#close-review').count(), 0);
    assert.equal(await deputyPage.locator('#progress').count(), 0, 'who voted is not the deputy\'s to see');
    await shot(deputyPage, '10b-deputy-review');
  });

  let receipt;
  await step('the unit votes once and keeps its receipt', async () => {
    await until('the vote opens', async () => (await apiGet(tokens[unit], `${campaign}/votes/leading-unit/current`)).status === 200);
    await unitPage.goto(`${base}${home}`);
    await unitPage.locator('#todo-vote').click();
    await unitPage.locator('#candidates tbody tr').first().waitFor();
    assert.equal(await unitPage.locator('#candidates tbody tr').count(), 3);
    assert.match(await unitPage.locator('#candidates tbody').textContent(), /Sở Nội vụ\s*98(\.0+)?(?!\d)/);
    await unitPage.locator(`#choice-${unit}`).check();
    await unitPage.locator('#cast').click();
    receipt = (await unitPage.locator('#receipt').textContent()).trim();
    assert.match(receipt, /^[0-9a-f]{16,}$/);
    await shot(unitPage, '11-vote-receipt');
    await unitPage.reload();
    await unitPage.getByText('Đơn vị đã bỏ phiếu ở vòng này.').waitFor();
    assert.equal((await unitPage.locator('#receipt').textContent()).trim(), receipt);
    assert.equal(await unitPage.locator('#cast').count(), 0);
  });

  await step('the leader sees that the unit voted', async () => {
    await leaderPage.reload();
    await leaderPage.locator('#summary').waitFor();
    assert.match(await leaderPage.locator('#summary').textContent(), /Đã bỏ phiếu: 1\/5/);
    assert.match(await leaderPage.locator(`tr[data-unit="${unit}"] td`).last().textContent(), /✓/);
    // The ranking is final: the leader finds the score summary among the year's documents.
    await leaderPage.locator('section.documents li[data-document="bang-tong-hop-ket-qua-cham-diem"]').waitFor();
    await shot(leaderPage, '12-leader-progress-voted');
  });

  await step('after the others vote, the unit finds its receipt in the published list', async () => {
    const round = (await apiGet(tokens[unit], `${campaign}/votes/leading-unit/current`)).body;
    for (const [voter, token] of Object.entries(tokens)) {
      if (voter === unit || voter === 'admin') continue;
      const response = await fetch(new URL(`api/${campaign}/votes/leading-unit/ballots`, base), {
        method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ choice: unit }),
      });
      assert.equal(response.status, 201, `${voter} votes`);
    }
    await until('the round is counted', async () => (await apiGet(tokens[unit], `${campaign}/votes/leading-unit/rounds/${round.round}`)).status === 200, 60);
    await unitPage.locator('#check-receipt').click();
    await unitPage.locator('#check-result').getByText('Phiếu của đơn vị có trong danh sách công bố').waitFor();
    await shot(unitPage, '13-vote-receipt-checked');
  });

}

async function council() {
  const mailLink = new URL(env('PORTAL_MAIL_LINK'));
  await step('council staff see the archived bloc, its results and its kept verification, re-run on request, in Vietnamese and English', async () => {
    const page = await open(tokens.admin, { viewport: { width: 1280, height: 900 } });
    await shown(page, '#/council');
    await page.goto(`${base}#/council/${year}`);
    await page.getByRole('heading', { name: `Các khối thi đua của tỉnh năm ${year}` }).waitFor();
    const row = page.locator(`#blocs tr[data-bloc="${bloc}"]`);
    await row.waitFor();
    assert.match(await row.textContent(), /Nội chính/);
    assert.equal(await row.locator('td.phase').getAttribute('data-phase'), 'completed', 'a purged, archived year still has its phase');
    assert.equal((await row.locator('td.leading').textContent()).trim(), 'Sở Nội vụ');
    assert.equal((await row.locator('td.archive .archived').textContent()).trim(), 'Đã lưu trữ');
    await row.locator('td.archive .location').waitFor();
    assert.match(await row.locator('td.archive .location').textContent(), new RegExp(`archives/${bloc}/${year}/manifest\\.json`));
    // Verification runs when asked (Kiểm tra / Kiểm tra lại), never on every page load; its result is kept with its time.
    const cell = row.locator('td.verification');
    await cell.locator('button.recheck').click();
    await cell.locator('.checked-at').waitFor({ timeout: 60_000 });
    assert.equal(await cell.getAttribute('data-holds'), 'true');
    assert.match(await cell.textContent(), /Toàn vẹn: đạt cả \d+ phép kiểm tra/);
    const checkedAt = (await cell.locator('.checked-at').textContent()).trim();
    assert.match(checkedAt, /^Kiểm tra lúc \d\d:\d\d:\d\d \d\d\/\d\d\/\d{4} \(giờ Việt Nam\)$/);
    await page.reload();
    await row.locator('td.verification .checked-at').waitFor();
    assert.equal((await row.locator('td.verification .checked-at').textContent()).trim(), checkedAt, 'the kept result is shown, not verified again');
    assert.equal(await row.locator('td.verification button.recheck').textContent(), 'Kiểm tra lại');
    await shot(page, '14-council-archived-verified');
    await page.locator('#lang').click();
    await page.getByRole('heading', { name: `Emulation blocs of the province, ${year}` }).waitFor();
    await row.locator('td.verification .checked-at').waitFor();
    assert.match(await row.locator('td.verification').textContent(), /Intact: all \d+ checks hold/);
    await shot(page, '15-council-english');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, '16-council-phone-english');
  });

  await step('council staff open the archived year from the overview and download its documents', async () => {
    const page = await open(tokens.admin, { viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}#/council/${year}`);
    await page.getByRole('heading', { name: `Các khối thi đua của tỉnh năm ${year}` }).waitFor();
    await page.locator(`#blocs tr[data-bloc="${bloc}"] a`).first().click();
    await shown(page, `#/blocs/${bloc}/${year}`);
    const documents = page.locator(`section.documents[data-bloc="${bloc}"][data-year="${year}"]`);
    await documents.locator('li[data-document="to-trinh-de-nghi-khen-thuong"]').waitFor();
    const names = await documents.locator('ul.documents-list li').evaluateAll((items) => items.map((li) => li.dataset.document));
    assert.deepEqual(names.filter((n) => !n.startsWith('bien-ban-kiem-phieu-')), ['giao-uoc-thi-dua', 'bang-tong-hop-ket-qua-cham-diem', 'to-trinh-de-nghi-khen-thuong']);
    assert.ok(names.includes('bien-ban-kiem-phieu-don-vi-dan-dau-vong-1'), `the first round's minutes are listed: ${names}`);
    assert.equal(await documents.locator('ul.documents-pending').count(), 0, 'nothing is still to come once the year is archived');
    assert.equal(await downloadDocument(page, documents, 'bang-tong-hop-ket-qua-cham-diem', 'pdf'), `${bloc}-${year}-bang-tong-hop-ket-qua-cham-diem.pdf`);
    assert.equal(await downloadDocument(page, documents, 'to-trinh-de-nghi-khen-thuong', 'docx'), `${bloc}-${year}-to-trinh-de-nghi-khen-thuong.docx`);
    await documents.scrollIntoViewIfNeeded();
    await shot(page, '21-council-documents');
  });

  await step('council staff accept the leading unit\'s flag and return a certificate with a reason, after the archive', async () => {
    const page = await open(tokens.admin, { viewport: { width: 1280, height: 900 } });
    await page.getByRole('link', { name: 'Đề nghị khen thưởng' }).click();
    await page.locator('#proposals-year').fill(year);
    await page.getByRole('button', { name: 'Xem' }).click();
    await shown(page, `#/council/proposals/${year}`);
    const rows = page.locator(`#proposals tr[data-bloc="${bloc}"]`);
    await rows.first().waitFor();
    assert.equal(await rows.count(), 3, 'one flag and two certificates of merit by default');
    const flag = rows.first();
    assert.match(await flag.textContent(), /Sở Nội vụ.*Cờ thi đua cấp tỉnh.*Chờ Hội đồng xét/);
    const merit = rows.nth(1);
    assert.match(await merit.textContent(), /Bằng khen của Chủ tịch UBND tỉnh/);
    const meritUnit = await merit.getAttribute('data-unit');

    // Returning without a reason is refused and says why, next to the field.
    await merit.getByRole('button', { name: 'Trả lại' }).click();
    await merit.locator('.field-error[data-field="reason"]').getByText('Hãy ghi lý do trả lại đề nghị khen thưởng.').waitFor();
    assert.equal(await merit.getAttribute('data-status'), 'proposed');
    await shot(page, '18-council-proposal-reason-required');

    await merit.getByRole('textbox').fill('Vượt số lượng đề nghị của khối');
    await merit.getByRole('button', { name: 'Trả lại' }).click();
    await page.locator(`#proposals tr[data-unit="${meritUnit}"][data-status="returned"]`).waitFor();
    await flag.getByRole('button', { name: 'Chấp thuận' }).click();
    await page.locator(`#proposals tr[data-bloc="${bloc}"][data-status="accepted"]`).waitFor();
    const decided = page.locator(`#proposals tr[data-bloc="${bloc}"]`);
    assert.match(await decided.first().textContent(), /Đã chấp thuận/);
    assert.match(await page.locator(`#proposals tr[data-unit="${meritUnit}"]`).textContent(), /Đã trả lại.*Vượt số lượng đề nghị của khối/);
    await shot(page, '19-council-proposals-decided');

    // The decisions are kept with the archived year: verified again (it was verified before them), it still holds, with them checked.
    const results = await apiGet(tokens.admin, `${campaign}/results`);
    assert.deepEqual(results.body.proposals.map((p) => p.status), ['accepted', 'returned', 'proposed']);
    const rerun = await apiSend(tokens.admin, 'POST', `${campaign}/verification`);
    assert.equal(rerun.status, 200, rerun.text);
    const verification = JSON.parse(rerun.text);
    assert.equal(verification.holds, true);
    assert.equal(verification.checks.filter((c) => c.subject.startsWith('decision:')).length, 2);
  });

  await step('the link of the confirmation email opens the unit\'s scores page, read-only after the year', async () => {
    // A link from an email opens in a new tab: signed out, the page asks for the token, then shows the linked page.
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    watch(page);
    await page.goto(new URL(mailLink.hash, base).href);
    await page.locator('#token').fill(tokens[unit]);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.locator('#versions tbody tr').first().waitFor();
    assert.equal(new URL(page.url()).hash, mailLink.hash);
    assert.equal(await page.locator('#submit-scores').count(), 0, 'no submit button once submissions are closed');
    assert.equal(await page.locator('#evidence-form').count(), 0, 'no upload once submissions are closed');
    assert.match(await page.locator('#evidence').textContent(), /Báo cáo mô hình một cửa\.pdf/);
    await page.getByText('Hiện không trong thời hạn nộp bảng điểm').waitFor();
    await shot(page, '17-scores-from-mail-phone');
  });
}

await run(() => (part === 'cycle' ? cycle() : council()));

// The year-end conference in the portal. The chair (the year's leader) opens the conference, records
// attendance and nominations; a nominee declines from its own page; the chair opens the leading-unit
// round, units vote from their own ballot pages while the chair's count and the projector view rise
// without showing any choice; the chair closes the round and the result shows on the projector; then
// a unit approves the single nominee in the leader's acclamation round. Started by
// ConferencePortalTests once the campaign awaits its conference.
import assert from 'node:assert/strict';
import { env, base, tokens, apiGet, apiSend, until, open, shot, step, run } from './kit.mjs';

const bloc = env('PORTAL_BLOC');
const year = env('PORTAL_YEAR');
const unit = env('PORTAL_UNIT');
const second = env('PORTAL_SECOND_UNIT');
const leader = env('PORTAL_LEADER');
const campaign = `blocs/${bloc}/campaigns/${year}`;
const conference = `#/blocs/${bloc}/${year}/conference`;
const home = (u) => `#/blocs/${bloc}/${year}/units/${u}`;

async function scenario() {
  let chair;
  let unitPage;
  let secondPage;
  let screen;

  await step('the chair opens the conference and records attendance', async () => {
    chair = await open(tokens[leader], { viewport: { width: 1280, height: 900 } });
    await chair.goto(`${base}${conference}`);
    await chair.locator('#stage').getByText('Chưa khai mạc').waitFor();
    await chair.getByRole('button', { name: 'Mở hội nghị' }).click();
    await chair.locator('#stage').getByText('Đang họp').waitFor();
    assert.equal((await chair.locator('#quorum').textContent()).trim(), 'Có mặt 0/5 đơn vị, cần tối thiểu 4');
    const rows = chair.locator('#attendance tbody tr');
    assert.equal(await rows.count(), 5);
    for (let i = 0; i < 5; i++) {
      const represented = (await rows.nth(i).locator('td').first().textContent()).trim() === 'Sở Tư pháp';
      await rows.nth(i).getByLabel(represented ? 'Ủy quyền' : 'Có mặt').check();
    }
    await chair.getByRole('button', { name: 'Lưu điểm danh' }).click();
    await chair.locator('#conference-status').getByText('Đã lưu điểm danh.').waitFor();
    await chair.locator('#quorum').getByText('Có mặt 5/5 đơn vị, cần tối thiểu 4').waitFor();
    await shot(chair, 'c01-chair-attendance');
  });

  await step('the chair nominates two units for leader; one declines from its own conference page', async () => {
    for (const name of ['Công an tỉnh', 'Sở Nội vụ']) {
      await chair.locator('#nominate-purpose').selectOption({ label: 'Trưởng khối' });
      await chair.locator('#nominate-unit').selectOption({ label: name });
      await chair.getByRole('button', { name: 'Đề cử', exact: true }).click();
      await chair.locator('#nominees tbody tr', { hasText: name }).waitFor();
    }
    unitPage = await open(tokens[unit]);
    await unitPage.getByRole('link', { name: 'Hội nghị tổng kết' }).click();
    const mine = unitPage.locator('#nominees tbody tr', { hasText: 'Sở Nội vụ' });
    await mine.waitFor();
    assert.equal(await unitPage.locator('#nominees tbody tr', { hasText: 'Công an tỉnh' }).getByRole('button').count(), 0, 'a unit declines only its own nomination');
    assert.equal(await unitPage.locator('#attendance').count(), 0, 'only the chair records attendance');
    await mine.getByRole('button', { name: 'Từ chối đề cử' }).click();
    await mine.getByText('Đã từ chối').waitFor();
    await shot(unitPage, 'c02-unit-declined-nomination');
  });

  await step('the chair opens the leading-unit round; the count starts at zero', async () => {
    await chair.getByRole('button', { name: /^Mở vòng bỏ phiếu: Bình xét đơn vị dẫn đầu \(vòng 1\)$/ }).click();
    await chair.locator('#ballot-count').getByText('Đã nhận 0/5 phiếu').waitFor();
    screen = await open(tokens.admin, { viewport: { width: 1280, height: 720 } });
    await screen.goto(`${base}${conference}/screen`);
    await screen.locator('#screen-open #ballot-count').getByText('Đã nhận 0/5 phiếu').waitFor();
    assert.equal(await screen.locator('header.bar').isVisible(), false, 'the projector shows no navigation');
  });

  const vote = async (page, u, title) => {
    await page.goto(`${base}${home(u)}`);
    await page.locator('#todo-vote').click();
    await page.locator('#vote-title').getByText(title).waitFor();
  };

  await step('units vote from their own ballot pages; the chair and the projector see the count rise, never a choice', async () => {
    await vote(unitPage, unit, `Bình xét đơn vị dẫn đầu năm ${year}`);
    assert.equal(await unitPage.locator('#candidates tbody tr').count(), 3);
    await unitPage.locator(`#choice-${unit}`).check();
    await unitPage.locator('#cast').click();
    assert.match((await unitPage.locator('#receipt').textContent()).trim(), /^[0-9a-f]{16,}$/);
    await shot(unitPage, 'c03-unit-ballot-receipt');
    await chair.locator('#ballot-count').getByText('Đã nhận 1/5 phiếu').waitFor();

    secondPage = await open(tokens[second], { viewport: { width: 390, height: 844 } });
    await vote(secondPage, second, `Bình xét đơn vị dẫn đầu năm ${year}`);
    await secondPage.locator(`#choice-${unit}`).check();
    await secondPage.locator('#cast').click();
    await secondPage.locator('#receipt').waitFor();
    await chair.locator('#ballot-count').getByText('Đã nhận 2/5 phiếu').waitFor();
    await screen.locator('#ballot-count').getByText('Đã nhận 2/5 phiếu').waitFor();
    for (const page of [chair, screen]) {
      assert.equal(await page.locator('#live .tally, #screen-open .tally').count(), 0, 'no votes per candidate while the round is open');
      assert.doesNotMatch(await page.locator('#live, #screen-open').first().innerText(), /%/, 'no share per candidate while open');
    }
    assert.equal(await chair.locator('#results .result').count(), 0);
    await shot(chair, 'c04-chair-count-open');
    await shot(screen, 'c05-projector-count');

    for (const voter of [leader, 'bch-quan-su-tinh']) {
      const cast = await apiSend(tokens[voter], 'POST', `${campaign}/votes/leading-unit/ballots`, { choice: unit });
      assert.equal(cast.status, 201, `${voter} votes: ${cast.text}`);
    }
    await chair.locator('#ballot-count').getByText('Đã nhận 4/5 phiếu').waitFor();
  });

  await step('the chair closes the round; the result shows on the chair\'s page and the projector', async () => {
    await chair.getByRole('button', { name: 'Kết thúc vòng' }).click();
    const result = chair.locator('#results .result[data-purpose="leading-unit"]');
    await result.waitFor({ timeout: 60_000 });
    assert.match(await result.textContent(), /Sở Nội vụ là đơn vị dẫn đầu\./);
    assert.match(await result.locator('tbody').textContent(), /Sở Nội vụ\s*4\s*100\s*%/);
    await screen.locator('#screen-result').getByText('Sở Nội vụ là đơn vị dẫn đầu.').waitFor();
    assert.match(await screen.locator('#screen-result').textContent(), /Số phiếu thu về: 4\/5/);
    await shot(chair, 'c06-chair-result');
    await shot(screen, 'c07-projector-result');
  });

  await step('the chair opens the leader vote: a single nominee, and a unit approves with Đồng ý', async () => {
    await chair.getByRole('button', { name: /^Mở vòng bỏ phiếu: Bầu trưởng khối \(vòng 1\)$/ }).click();
    await chair.locator('#ballot-count').getByText('Đã nhận 0/5 phiếu').waitFor();
    await vote(unitPage, unit, `Bầu trưởng khối năm ${Number(year) + 1}`);
    await unitPage.locator('#acclaim').getByText(`Suy tôn Công an tỉnh làm trưởng khối năm ${Number(year) + 1}.`).waitFor();
    assert.equal(await unitPage.locator('#candidates').count(), 0, 'an acclamation is yes or no, not a list');
    await unitPage.getByRole('button', { name: 'Không đồng ý' }).waitFor();
    await unitPage.getByRole('button', { name: 'Đồng ý', exact: true }).click();
    await unitPage.locator('#receipt').waitFor();
    const round = (await apiGet(tokens[unit], `${campaign}/votes/leader/current`)).body;
    assert.equal(round.hasVoted, true);
    await shot(unitPage, 'c08-unit-acclamation-approved');
    await chair.locator('#ballot-count').getByText('Đã nhận 1/5 phiếu').waitFor();
  });

  await step('once every unit present has voted the round closes by itself and the projector shows the acclamation', async () => {
    for (const voter of [second, leader, 'bch-quan-su-tinh', 'so-tu-phap']) {
      const cast = await apiSend(tokens[voter], 'POST', `${campaign}/votes/leader/ballots`, { choice: 'cong-an-tinh' });
      assert.equal(cast.status, 201, `${voter} votes: ${cast.text}`);
    }
    await until('the leader round is counted', async () => (await apiGet(tokens[unit], `${campaign}/votes/leader/current`)).body.counted, 60);
    await screen.locator('#screen-result').getByText('Công an tỉnh được suy tôn làm trưởng khối.').waitFor();
    assert.match(await screen.locator('#screen-result tbody').textContent(), /Đồng ý\s*5\s*100\s*%.*Không đồng ý\s*0\s*0\s*%/s);
    await shot(screen, 'c09-projector-acclaimed');
  });

  await step('council staff see the running year with the workflow version it runs', async () => {
    const council = await open(tokens.admin, { viewport: { width: 1280, height: 900 } });
    await council.goto(`${base}#/council/${year}`);
    await council.getByRole('heading', { name: `Các khối thi đua của tỉnh năm ${year}` }).waitFor();
    const version = council.locator(`#blocs tbody tr[data-bloc="${bloc}"] td.version`, { hasText: /^\s*\d+\s*$/ });
    await version.waitFor();
    const status = await apiGet(tokens.admin, `${campaign}/status`);
    assert.equal((await version.textContent()).trim(), status.body.workflowVersion);
    await shot(council, 'c10-council-running-version');
  });
}

await run(scenario);

// VQL over api_access_token__sys through POST /query: operators, errors, visibility and pagination.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVaultSimulator, type VaultSimulator } from '../../simulator/vault-simulator.js';
import { call, expectFailure, query, V } from './vault-support.js';

let sim: VaultSimulator;
let alice: { id: string; token: string };
const ids: Record<string, string> = {};

beforeAll(async () => {
  sim = await startVaultSimulator({ startTime: Date.UTC(2026, 10, 1), pageSize: 3 });
  const a = sim.addUser({ userName: 'alice@example.com' });
  alice = { id: a.id, token: sim.issueToken(a.id, { name: 'alice-main' }).token };
  const day = 86_400_000;
  const now = sim.clock.now();
  for (const [name, expiresAt] of [
    ['rot-2026-11-01', now + 10 * day],
    ['rot-2026-11-02', now + 20 * day],
    ['rot_x', now + 30 * day],
    ['rotAx', now + 40 * day],
    ["o'brien", now + 50 * day],
    ['ci-100%', now + 60 * day],
  ] as const) {
    ids[name] = sim.issueToken(sim.bootstrapUser.id, { name, expiresAt }).id;
  }
  // One deleted, one expired-soon.
  await call(sim, 'DELETE', `/api/${V}/vobjects/api_access_token__sys`, {
    auth: sim.bootstrapToken,
    json: [{ id: ids['rot-2026-11-02'] }],
  });
});
afterAll(async () => {
  await sim.close();
});

async function names(where: string, auth = sim.bootstrapToken): Promise<string[]> {
  const answer = await query(sim, auth, `SELECT name__v FROM api_access_token__sys WHERE ${where}`);
  if (answer.json.responseStatus !== 'SUCCESS') throw new Error(`query failed: ${answer.text}`);
  const all: string[] = answer.json.data.map((row: { name__v: string }) => row.name__v);
  let next: string | undefined = answer.json.responseDetails.next_page;
  for (let guard = 0; next && guard < 20; guard += 1) {
    const page = await call(sim, 'POST', next, { auth });
    all.push(...page.json.data.map((row: { name__v: string }) => row.name__v));
    next = page.json.responseDetails.next_page;
  }
  return all.sort();
}

describe('VQL operators', () => {
  it('= and != (including quoted and numeric user ids)', async () => {
    expect(await names(`name__v = 'rot_x'`)).toEqual(['rot_x']);
    expect(await names(`user__sys = '${alice.id}'`)).toEqual(['alice-main']);
    expect(await names(`user__sys = ${alice.id}`)).toEqual(['alice-main']);
    expect(await names(`user__sys != '${sim.bootstrapUser.id}'`)).toEqual(['alice-main']);
    expect(await names(`user__sys <> '${sim.bootstrapUser.id}'`)).toEqual(['alice-main']);
  });

  it('LIKE with % wildcards; _ is literal; matching is case-sensitive', async () => {
    expect(await names(`name__v LIKE 'rot-%'`)).toEqual(['rot-2026-11-01', 'rot-2026-11-02']);
    expect(await names(`name__v LIKE '%x'`)).toEqual(['rotAx', 'rot_x']);
    expect(await names(`name__v LIKE 'rot_%'`)).toEqual(['rot_x']);
    expect(await names(`name__v LIKE '%2026%01'`)).toEqual(['rot-2026-11-01']);
    expect(await names(`name__v LIKE 'ROT%'`)).toEqual([]);
    expect(await names(`name__v NOT LIKE 'rot%' AND user__sys = '${sim.bootstrapUser.id}'`)).toEqual([
      'ci-100%',
      "o'brien",
      'simulator-bootstrap',
    ]);
  });

  it('refuses IN with a literal list (Vault allows IN only with a subquery); OR and CONTAINS do that job', async () => {
    for (const where of [`name__v IN ('rot_x', 'rotAx')`, `id IN ('${ids.rot_x}')`, `name__v NOT IN ('rot_x')`]) {
      expectFailure(
        await query(sim, sim.bootstrapToken, `SELECT id FROM api_access_token__sys WHERE ${where}`),
        'INCORRECT_QUERY_SYNTAX_ERROR',
      );
    }
    expect(await names(`(name__v = 'rot_x' OR name__v = 'rotAx' OR name__v = 'absent')`)).toEqual(['rotAx', 'rot_x']);
    expect(await names(`name__v CONTAINS ('rot_x', 'rotAx', 'absent')`)).toEqual(['rotAx', 'rot_x']);
  });

  it('AND binds tighter than OR; parentheses override', async () => {
    expect(await names(`name__v = 'rot_x' OR name__v = 'rotAx' AND status__v = 'inactive__v'`)).toEqual(['rot_x']);
    expect(await names(`(name__v = 'rot_x' OR name__v = 'rotAx') AND status__v = 'active__v'`)).toEqual([
      'rotAx',
      'rot_x',
    ]);
    expect(await names(`((name__v LIKE 'rot%') AND (status__v = 'inactive__v'))`)).toEqual(['rot-2026-11-02']);
  });

  it("quoted strings: single quotes only, with \\' or '' for a quote", async () => {
    expect(await names(`name__v = 'o\\'brien'`)).toEqual(["o'brien"]);
    expect(await names(`name__v = 'o''brien'`)).toEqual(["o'brien"]);
    expect(await names(`name__v = 'ci-100%'`)).toEqual(['ci-100%']);
    expect(await names(`name__v = ''`)).toEqual([]);
    expectFailure(
      await query(sim, sim.bootstrapToken, `SELECT id FROM api_access_token__sys WHERE name__v = "o'brien"`),
      'INCORRECT_QUERY_SYNTAX_ERROR',
    );
  });

  it('LIKE: \\% is a literal percent sign, an unescaped % the wildcard', async () => {
    expect(await names(`name__v LIKE 'ci-100\\%'`)).toEqual(['ci-100%']);
    expect(await names(`name__v LIKE 'ci-10\\%'`)).toEqual([]);
    expect(await names(`name__v LIKE '%\\%'`)).toEqual(['ci-100%']);
    expect(await names(`name__v LIKE 'ci-1%'`)).toEqual(['ci-100%']);
  });

  it('datetime comparisons on expiry_date__sys', async () => {
    expect(await names(`expiry_date__sys < '2026-11-15' AND name__v LIKE 'rot%'`)).toEqual(['rot-2026-11-01']);
    expect(await names(`expiry_date__sys >= '2026-12-11T00:00:00.000Z' AND name__v LIKE 'rot%'`)).toEqual(['rotAx']);
  });

  it('keywords are case-insensitive and ORDER BY / LIMIT work', async () => {
    const answer = await query(
      sim,
      sim.bootstrapToken,
      `select name__v from api_access_token__sys where name__v like 'rot%' order by name__v desc limit 2`,
    );
    expect(answer.json.data).toEqual([{ name__v: 'rot_x' }, { name__v: 'rotAx' }]);
  });
});

describe('VQL answers', () => {
  it('returns the selected fields in Vault form: status__v as an array, datetimes with milliseconds', async () => {
    const answer = await query(
      sim,
      sim.bootstrapToken,
      `SELECT id, name__v, user__sys, status__v, expiry_date__sys, last_used_date__sys FROM api_access_token__sys WHERE id = '${ids['rot-2026-11-02']}'`,
    );
    expect(answer.json).toEqual({
      responseStatus: 'SUCCESS',
      responseDetails: { pagesize: 3, pageoffset: 0, size: 1, total: 1 },
      data: [
        {
          id: ids['rot-2026-11-02'],
          name__v: 'rot-2026-11-02',
          user__sys: sim.bootstrapUser.id,
          status__v: ['inactive__v'],
          expiry_date__sys: '2026-11-21T00:00:00.000Z',
          last_used_date__sys: null,
        },
      ],
    });
  });

  it('shows a non-admin only their own tokens; an admin sees everyone’s', async () => {
    expect(await names(`name__v != ''`, alice.token)).toEqual(['alice-main']);
    expect(await names(`name__v LIKE 'alice%'`)).toEqual(['alice-main']);
  });

  it('accepts the query as a GET parameter too', async () => {
    const q = encodeURIComponent(`SELECT id FROM api_access_token__sys WHERE name__v = 'rot_x'`);
    const answer = await call(sim, 'GET', `/api/${V}/query?q=${q}`, { auth: sim.bootstrapToken });
    expect(answer.json.data).toEqual([{ id: ids.rot_x }]);
  });
});

describe('VQL errors', () => {
  it('answers INVALID_DATA for an unknown field (select, where, order by) or object', async () => {
    for (const q of [
      'SELECT id, token__sys FROM api_access_token__sys',
      `SELECT id FROM api_access_token__sys WHERE created_date__v > '2026-01-01'`,
      'SELECT id FROM api_access_token__sys ORDER BY nope__v',
      'SELECT id FROM user__sys',
      `SELECT id FROM api_access_token__sys WHERE expiry_date__sys LIKE '2026%'`,
      `SELECT id FROM api_access_token__sys WHERE expiry_date__sys > 'soon'`,
    ]) {
      expectFailure(await query(sim, sim.bootstrapToken, q), 'INVALID_DATA');
    }
  });

  it('answers INCORRECT_QUERY_SYNTAX_ERROR for bad grammar', async () => {
    for (const q of [
      'SELECT * FROM api_access_token__sys',
      'SELECT id api_access_token__sys',
      'SELECT id FROM api_access_token__sys WHERE',
      `SELECT id FROM api_access_token__sys WHERE name__v = 'open`,
      `SELECT id FROM api_access_token__sys WHERE (name__v = 'a'`,
      `SELECT id FROM api_access_token__sys WHERE name__v = 'a' extra`,
      `SELECT id FROM api_access_token__sys WHERE name__v CONTAINS ()`,
      `SELECT id FROM api_access_token__sys WHERE name__v = 'bad \\q escape'`,
      `SELECT id FROM api_access_token__sys WHERE name__v LIKE 5`,
      `SELECT id, FROM api_access_token__sys`,
      `SELECT id FROM api_access_token__sys WHERE name__v == 'a'`,
    ]) {
      expectFailure(await query(sim, sim.bootstrapToken, q), 'INCORRECT_QUERY_SYNTAX_ERROR');
    }
  });

  it('answers PARAMETER_REQUIRED without q', async () => {
    expectFailure(
      await call(sim, 'POST', `/api/${V}/query`, { auth: sim.bootstrapToken, form: {} }),
      'PARAMETER_REQUIRED',
    );
  });
});

describe('pagination', () => {
  const all = 'SELECT id, name__v FROM api_access_token__sys ORDER BY name__v';

  it('pages through every record via next_page with POST, and previous_page goes back', async () => {
    const first = await query(sim, sim.bootstrapToken, all);
    expect(first.json.responseDetails).toMatchObject({ pagesize: 3, pageoffset: 0, size: 3, total: 8 });
    expect(first.json.responseDetails.next_page).toMatch(/^\/api\/v26\.2\/query\/[0-9a-f-]+\?pagesize=3&pageoffset=3$/);
    expect(first.json.responseDetails.previous_page).toBeUndefined();

    const second = await call(sim, 'POST', first.json.responseDetails.next_page, { auth: sim.bootstrapToken });
    expect(second.json.responseDetails).toMatchObject({ pageoffset: 3, size: 3, total: 8 });
    const third = await call(sim, 'POST', second.json.responseDetails.next_page, { auth: sim.bootstrapToken });
    expect(third.json.responseDetails).toMatchObject({ pageoffset: 6, size: 2, total: 8 });
    expect(third.json.responseDetails.next_page).toBeUndefined();

    const seen = [...first.json.data, ...second.json.data, ...third.json.data].map((r) => r.name__v);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(8);

    const back = await call(sim, 'POST', third.json.responseDetails.previous_page, { auth: sim.bootstrapToken });
    expect(back.json.data).toEqual(second.json.data);
  });

  it('next_page works with GET as well', async () => {
    const first = await query(sim, sim.bootstrapToken, all);
    const second = await call(sim, 'GET', first.json.responseDetails.next_page, { auth: sim.bootstrapToken });
    expect(second.json.responseStatus).toBe('SUCCESS');
    expect(second.json.responseDetails.pageoffset).toBe(3);
  });

  it('refuses a page URL for another user, an unknown cursor, or one older than 72 hours', async () => {
    const first = await query(sim, sim.bootstrapToken, all);
    const next: string = first.json.responseDetails.next_page;
    expectFailure(await call(sim, 'POST', next, { auth: alice.token }), 'INVALID_DATA');
    expectFailure(
      await call(sim, 'POST', `/api/${V}/query/00000000-0000-0000-0000-000000000000`, { auth: sim.bootstrapToken }),
      'INVALID_DATA',
    );
    const fresh = sim.issueToken(sim.bootstrapUser.id, { name: 'late', expiresAt: null }).token;
    sim.clock.advance(73 * 3_600_000);
    expectFailure(await call(sim, 'POST', next, { auth: fresh }), 'INVALID_DATA');
  });
});

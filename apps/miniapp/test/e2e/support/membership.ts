import {
  type JoinApplicationResponse,
  type JoinCodeResponse,
  type MeResponse,
  type MemberResponse,
  type MyMembershipResponse,
  type OrgRef,
  Role,
  type SubmitJoinApplicationRequest,
} from '@smartunion/contracts';

import { insertUser } from '../../../../api/test/support/fixtures';
import { syntheticIdNumber } from '../../../../api/test/support/people';
import type { TestApp } from '../../../../api/test/support/test-app';

/** A fixture user: the dev-login key and the name they apply under. */
export interface Worker {
  key: string;
  name: string;
}

let counter = 0;

/** A user of our own who has never joined, with a name unique to this run (`tag`). */
export async function newWorker(t: TestApp, tag: string): Promise<Worker> {
  counter += 1;
  const key = `e2e-worker-${tag}-${counter}`;
  const name = `骑手${tag}${counter}`;
  await insertUser(t.db, key, name);
  return { key, name };
}

export async function tokenOf(t: TestApp, key: string): Promise<string> {
  return (await t.login(key)).accessToken;
}

/** The grassroots union a demo cadre runs, and a fresh join code for it. */
export async function cadreUnion(
  t: TestApp,
  cadreKey: string,
  label: string,
): Promise<{ union: OrgRef; joinCode: JoinCodeResponse }> {
  const token = await tokenOf(t, cadreKey);
  const me = await t.call<MeResponse>('GET', '/api/v1/me', token);
  const binding = me.body.roles.find((r) => r.role === Role.Cadre);
  if (!binding) throw new Error(`${cadreKey} has no cadre role`);
  const created = await t.call<JoinCodeResponse>('POST', '/api/v1/membership/join-codes', token, {
    orgId: binding.org.id,
    label,
  });
  expect(created.status).toBe(201);
  return { union: binding.org, joinCode: created.body };
}

/** Files a join application straight through the API, for flows that start at the review. */
export async function applyViaApi(
  t: TestApp,
  worker: Worker,
  joinCode: string,
  overrides: Partial<SubmitJoinApplicationRequest> = {},
): Promise<JoinApplicationResponse> {
  const body: SubmitJoinApplicationRequest = {
    joinCode,
    name: worker.name,
    mobile: '13912345678',
    idNumber: syntheticIdNumber(),
    employer: '美团外卖小店站',
    occupation: 'delivery_rider',
    newEmploymentForm: true,
    ...overrides,
  };
  const res = await t.call<JoinApplicationResponse>(
    'POST',
    '/api/v1/membership/applications',
    await tokenOf(t, worker.key),
    body,
  );
  expect(res.status).toBe(201);
  return res.body;
}

export async function membershipOf(t: TestApp, key: string): Promise<MyMembershipResponse> {
  const res = await t.call<MyMembershipResponse>('GET', '/api/v1/membership/me', await tokenOf(t, key));
  expect(res.status).toBe(200);
  return res.body;
}

/** A new worker made a member of the cadre's union: applied and approved through the API. */
export async function newMember(
  t: TestApp,
  tag: string,
  cadreKey: string,
  joinCode: string,
  overrides: Partial<SubmitJoinApplicationRequest> = {},
): Promise<Worker & { member: MemberResponse }> {
  const worker = await newWorker(t, tag);
  const application = await applyViaApi(t, worker, joinCode, overrides);
  const approved = await t.call(
    'POST',
    `/api/v1/membership/review/applications/${application.id}/approve`,
    await tokenOf(t, cadreKey),
  );
  expect(approved.status).toBe(200);
  const { member } = await membershipOf(t, worker.key);
  if (!member) throw new Error(`${worker.key} is not a member after approval`);
  return { ...worker, member };
}

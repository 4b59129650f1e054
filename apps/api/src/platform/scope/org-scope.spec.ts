import { Permission } from '@smartunion/contracts';

import { DomainError } from '../errors/domain-error';
import { isWithin, OrgScope } from './org-scope';

describe('OrgScope', () => {
  const scope = new OrgScope('u', Permission.OrgRead, [
    { orgId: '12', path: '1.12' },
    { orgId: '140', path: '1.12.140' },
    { orgId: '30', path: '1.30' },
  ]);

  it('keeps only the outermost roots', () => {
    expect(scope.paths).toEqual(['1.12', '1.30']);
  });

  it('covers a root and its descendants only', () => {
    expect(scope.covers('1.12')).toBe(true);
    expect(scope.covers('1.12.140.9')).toBe(true);
    expect(scope.covers('1.120')).toBe(false); // a sibling whose id shares a prefix
    expect(scope.covers('1')).toBe(false);
    expect(scope.covers('1.31')).toBe(false);
  });

  it('refuses with OUT_OF_SCOPE', () => {
    expect(() => scope.assertCovers({ path: '1.5' })).toThrow(DomainError);
    expect(() => scope.assertCovers({ path: '1.30.2' })).not.toThrow();
  });

  it('names the caller as the actor, and nobody for the system scope', () => {
    expect(scope.actorUserId).toBe('u');
    expect(OrgScope.system([{ orgId: '1', path: '1' }], Permission.OrgRead).actorUserId).toBeNull();
  });

  it('dedupes identical roots', () => {
    const twice = new OrgScope('u', Permission.OrgRead, [
      { orgId: '2', path: '1.2' },
      { orgId: '2', path: '1.2' },
    ]);
    expect(twice.paths).toEqual(['1.2']);
  });

  it('compares ltree labels, not string prefixes', () => {
    expect(isWithin('1.23', '1.2')).toBe(false);
    expect(isWithin('1.2.3', '1.2')).toBe(true);
  });
});

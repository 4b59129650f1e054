import { ErrorCode } from '@smartunion/contracts';

import { invalid, taken } from './common-errors';

describe('common domain errors', () => {
  it('answers one invalid field like the validation pipe, "field: reason" by default', () => {
    const e = invalid('endsAt', 'must be after startsAt');
    expect(e).toMatchObject({
      code: ErrorCode.ValidationFailed,
      message: 'endsAt: must be after startsAt',
      details: [{ field: 'endsAt', reasons: ['must be after startsAt'] }],
    });
    expect(invalid('endsAt', 'must be after startsAt', 'Invalid endsAt').message).toBe('Invalid endsAt');
  });

  it('answers several invalid fields, named after the first by default', () => {
    const problems = [
      { field: 'amountOffCents', reasons: ['required for amount_off'] },
      { field: 'itemName', reasons: ['only for free_item'] },
    ];
    expect(invalid(problems)).toMatchObject({
      message: 'amountOffCents: required for amount_off',
      details: problems,
    });
    expect(invalid(problems, 'Bad value').message).toBe('Bad value');
  });

  it('names the field a taken value belongs to, if any', () => {
    expect(taken(ErrorCode.MallItemNameTaken, 'Name taken', 'name', 'taken in this org')).toMatchObject({
      code: ErrorCode.MallItemNameTaken,
      message: 'Name taken',
      details: [{ field: 'name', reasons: ['taken in this org'] }],
    });
    expect(taken(ErrorCode.OrgCodeTaken, 'Org code x is already used').details).toBeUndefined();
  });
});

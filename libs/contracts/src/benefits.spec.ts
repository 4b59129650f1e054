import { couponValueLabel } from './benefits';

const base = { amountOffCents: null, discountPercent: null, itemName: null, minSpendCents: 0 };

describe('couponValueLabel', () => {
  it('reads amounts in yuan, with the threshold when there is one', () => {
    expect(couponValueLabel({ ...base, kind: 'amount_off', amountOffCents: 500 })).toBe('立减5元');
    expect(couponValueLabel({ ...base, kind: 'amount_off', amountOffCents: 850, minSpendCents: 3000 })).toBe(
      '满30减8.50',
    );
  });

  it('reads discounts as 折', () => {
    expect(couponValueLabel({ ...base, kind: 'discount', discountPercent: 85 })).toBe('8.5折');
    expect(couponValueLabel({ ...base, kind: 'discount', discountPercent: 90, minSpendCents: 5000 })).toBe(
      '满50享9折',
    );
  });

  it('names the free item', () => {
    expect(couponValueLabel({ ...base, kind: 'free_item', itemName: '洗车一次' })).toBe('免费兑换 洗车一次');
  });
});

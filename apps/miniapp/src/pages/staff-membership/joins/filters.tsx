import { useState, type ReactNode } from 'react';
import { ScrollView, View } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import {
  OCCUPATION_LABELS,
  OCCUPATIONS,
  type Occupation,
  type ReviewApplicationsQuery,
} from '@smartunion/contracts';

export type JoinFilters = Pick<ReviewApplicationsQuery, 'occupation' | 'waitingDays' | 'minAge' | 'maxAge'>;

const WAITING_CHOICES: readonly { days: number | undefined; label: string }[] = [
  { days: undefined, label: '不限' },
  { days: 3, label: '3 天以上' },
  { days: 7, label: '7 天以上' },
  { days: 30, label: '30 天以上' },
];

const MIN_AGE = 16;
const MAX_AGE = 100;

function chip(active: boolean, label: string, className: string, onClick: () => void): ReactNode {
  return (
    <View
      key={label}
      className={`joins-chip ${className}${active ? ' joins-chip--active' : ''}`}
      onClick={onClick}
    >
      {label}
    </View>
  );
}

/** An age bound typed by the cadre: undefined when empty, null when outside what the API accepts. */
function ageOf(text: string): number | null | undefined {
  if (!text.trim()) return undefined;
  const value = Number(text);
  return Number.isInteger(value) && value >= MIN_AGE && value <= MAX_AGE ? value : null;
}

/** The age range to apply, or what is wrong with it (an empty range would silently list nobody). */
function ageRange(
  minText: string,
  maxText: string,
): { minAge?: number; maxAge?: number } | { error: string } {
  const minAge = ageOf(minText);
  const maxAge = ageOf(maxText);
  if (minAge === null || maxAge === null) return { error: `年龄请填写 ${MIN_AGE}–${MAX_AGE} 之间的整数` };
  if (minAge !== undefined && maxAge !== undefined && minAge > maxAge) {
    return { error: '最小年龄不能大于最大年龄' };
  }
  return { minAge, maxAge };
}

/** Occupation and waiting time apply at a tap; the age range with 筛选. */
export function Filters({
  value,
  onChange,
}: {
  value: JoinFilters;
  onChange: (next: JoinFilters) => void;
}): ReactNode {
  const [minAge, setMinAge] = useState(value.minAge ? String(value.minAge) : '');
  const [maxAge, setMaxAge] = useState(value.maxAge ? String(value.maxAge) : '');
  const [ageError, setAgeError] = useState<string | null>(null);
  const occupations: (Occupation | undefined)[] = [undefined, ...OCCUPATIONS];

  return (
    <View className="joins-filters">
      <ScrollView scrollX className="joins-chips joins-filter-occupation">
        {occupations.map((o) =>
          chip(value.occupation === o, o ? OCCUPATION_LABELS[o] : '全部职业', 'joins-chip--occupation', () =>
            onChange({ ...value, occupation: o }),
          ),
        )}
      </ScrollView>
      <View className="joins-chips joins-filter-waiting">
        {WAITING_CHOICES.map((c) =>
          chip(value.waitingDays === c.days, c.label, 'joins-chip--waiting', () =>
            onChange({ ...value, waitingDays: c.days }),
          ),
        )}
      </View>
      <View className="joins-age">
        <View className="joins-age-label">年龄</View>
        <Input
          className="joins-age-min"
          type="number"
          placeholder={String(MIN_AGE)}
          value={minAge}
          maxLength={3}
          onChange={setMinAge}
        />
        <View className="joins-age-dash">–</View>
        <Input
          className="joins-age-max"
          type="number"
          placeholder={String(MAX_AGE)}
          value={maxAge}
          maxLength={3}
          onChange={setMaxAge}
        />
        <Button
          className="joins-age-apply"
          size="small"
          onClick={() => {
            const range = ageRange(minAge, maxAge);
            setAgeError('error' in range ? range.error : null);
            if (!('error' in range)) onChange({ ...value, ...range });
          }}
        >
          筛选
        </Button>
      </View>
      {ageError ? <View className="su-field-error joins-age-error">{ageError}</View> : null}
    </View>
  );
}

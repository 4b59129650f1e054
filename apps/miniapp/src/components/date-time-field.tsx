import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { DatePicker } from '@nutui/nutui-react-taro';
import { businessDay } from '@smartunion/contracts';

import { FieldError } from './page-state';

import './date-time-field.scss';

/** What the field picks: a day, a day and a time, or a time of day. */
export type DateFieldType = 'date' | 'datetime' | 'hour-minutes';

// Values are Beijing wall-clock text ('YYYY-MM-DD', 'YYYY-MM-DD HH:mm', 'HH:mm'). NutUI's DatePicker reads and
// writes a Date through its local-time getters, so the picker is handed a local Date with the same wall-clock
// digits and its columns are read back as digits: what it shows is China time whatever the device's zone.

const PARTS = /^(?:(\d{4})-(\d{2})-(\d{2}))? ?(?:(\d{2}):(\d{2}))?$/;

/** The wall-clock digits of `text` as a local Date, or null when it is not of the field's format. */
function pickerDate(text: string, type: DateFieldType): Date | null {
  const m = PARTS.exec(text.trim());
  if (!m || text.trim() === '') return null;
  const [y, mo, d, h, mi] = m.slice(1).map((p) => (p === undefined ? null : Number(p)));
  if (type === 'hour-minutes') return h === null || mi === null ? null : new Date(2000, 0, 1, h, mi);
  if (y === null || mo === null || d === null) return null;
  return type === 'datetime' ? new Date(y, mo - 1, d, h ?? 0, mi ?? 0) : new Date(y, mo - 1, d);
}

/** The picker's confirmed columns (zero-padded digits) as the field's text. */
function textOf(values: readonly unknown[], type: DateFieldType): string {
  const [a, b, c, d, e] = values.map((v) => String(v).padStart(2, '0'));
  if (type === 'hour-minutes') return `${a}:${b}`;
  return type === 'datetime' ? `${a}-${b}-${c} ${d}:${e}` : `${a}-${b}-${c}`;
}

/** The range the columns offer: `min`/`max` when given, else a year back to five ahead; always holding `value`. */
function rangeOf(type: DateFieldType, value: Date | null, min?: string, max?: string): [Date, Date] {
  if (type === 'hour-minutes') return [new Date(2000, 0, 1, 0, 0), new Date(2000, 0, 1, 23, 59)];
  const year = Number(businessDay().slice(0, 4));
  let start = (min && pickerDate(min, type)) || new Date(year - 1, 0, 1);
  let end = (max && pickerDate(max, type)) || new Date(year + 5, 11, 31, 23, 59);
  if (value && value < start) start = value;
  if (value && value > end) end = value;
  return [start, end];
}

export interface DateTimeFieldProps {
  /** Class prefix of the form, as LabeledInput's: the row is `<form>-row <form>-row--<name>`. */
  form: string;
  name: string;
  label: string;
  type: DateFieldType;
  /** Beijing wall-clock text of the type; '' shows 请选择. */
  value: string;
  /** The picker's title. */
  title: string;
  /** The earliest and latest choosable, as the same text. */
  min?: string;
  max?: string;
  minuteStep?: number;
  error?: string;
  onChange: (value: string) => void;
}

/**
 * A date, date-time or time field: the chosen value in China time (请选择 while empty), and tapping it opens
 * NutUI's DatePicker in a bottom popup; confirming sets the value.
 */
export function DateTimeField({
  form,
  name,
  label,
  type,
  value,
  title,
  min,
  max,
  minuteStep = 1,
  error,
  onChange,
}: DateTimeFieldProps): ReactNode {
  const [open, setOpen] = useState(false);
  const date = pickerDate(value, type);
  const [startDate, endDate] = rangeOf(type, date, min, max);
  return (
    <>
      <View className={`${form}-row ${form}-row--${name}`}>
        <View className={`${form}-label`}>{label}</View>
        <View
          className={`su-date-field ${form}-date ${form}-date--${name}${value ? '' : ' su-date-field--empty'}`}
          onClick={() => setOpen(true)}
        >
          <View className="su-date-field-value">{value || '请选择'}</View>
          <View className="su-date-field-arrow">›</View>
        </View>
      </View>
      <FieldError name={name} message={error} />
      <DatePicker
        className={`su-date-picker su-date-picker--${name}`}
        title={title}
        type={type}
        visible={open}
        value={date ?? undefined}
        startDate={startDate}
        endDate={endDate}
        minuteStep={minuteStep}
        showChinese
        onConfirm={(_, values) => onChange(textOf(values, type))}
        onClose={() => setOpen(false)}
      />
    </>
  );
}

import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Input } from '@nutui/nutui-react-taro';

import { FieldError } from './page-state';

export interface LabeledInputProps {
  /** Class prefix of the form (`join`, `establish`): rows are `<form>-row <form>-row--<name>`. */
  form: string;
  name: string;
  label: string;
  value: string;
  error?: string;
  onChange: (value: string) => void;
  /** Passed to NutUI's Input (placeholder, type, maxLength…). */
  inputProps?: object;
}

/** One text field of a form: label, input and the server's or client's error for it underneath. */
export function LabeledInput({
  form,
  name,
  label,
  value,
  error,
  onChange,
  inputProps,
}: LabeledInputProps): ReactNode {
  return (
    <>
      <View className={`${form}-row ${form}-row--${name}`}>
        <View className={`${form}-label`}>{label}</View>
        <Input
          className={`${form}-input ${form}-input--${name}`}
          name={name}
          value={value}
          onChange={onChange}
          {...inputProps}
        />
      </View>
      <FieldError name={name} message={error} />
    </>
  );
}

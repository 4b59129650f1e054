import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Button, Cell, CellGroup, Picker, Switch } from '@nutui/nutui-react-taro';
import {
  ErrorCode,
  ID_NUMBER_PROBLEM_LABELS,
  MOBILE_PATTERN,
  OCCUPATION_LABELS,
  OCCUPATIONS,
  Occupation,
  parseIdNumber,
  type FieldError as ApiFieldError,
  type SubmitJoinApplicationRequest,
} from '@smartunion/contracts';

import { LabeledInput } from '../../../components/labeled-input';
import { FieldError } from '../../../components/page-state';
import { isApiError } from '../../../services/api';

export type JoinFields = Omit<SubmitJoinApplicationRequest, 'joinCode' | 'occupation'> & {
  occupation: Occupation | null;
};
type FieldName = keyof JoinFields;
export type FieldErrors = Partial<Record<FieldName, string>>;

/** Work the unions count as 新就业形态: preset the switch when one of these is picked. */
const NEW_EMPLOYMENT_FORM: readonly Occupation[] = [
  Occupation.DeliveryRider,
  Occupation.Courier,
  Occupation.RideHailingDriver,
  Occupation.TruckDriver,
];

const OCCUPATION_OPTIONS = [OCCUPATIONS.map((value) => ({ value, label: OCCUPATION_LABELS[value] }))];

/** What to say about a field the API refused (its reasons are English, for developers). */
const SERVER_FIELD_MESSAGES: Readonly<Record<FieldName, string>> = {
  name: '姓名应为 2–30 个字',
  mobile: '手机号格式不正确',
  idNumber: '身份证号不正确，请核对',
  employer: '请填写工作单位（100 字以内）',
  occupation: '请选择职业',
  newEmploymentForm: '请选择是否为新就业形态劳动者',
};

export const EMPTY_FIELDS: JoinFields = {
  name: '',
  mobile: '',
  idNumber: '',
  employer: '',
  occupation: null,
  newEmploymentForm: false,
};

/** The same checks the API makes, so most mistakes are caught before sending. */
export function validate(fields: JoinFields): FieldErrors {
  const errors: FieldErrors = {};
  const name = fields.name.trim();
  if (name.length < 2 || name.length > 30) errors.name = '请填写姓名（2–30 个字）';
  if (!MOBILE_PATTERN.test(fields.mobile.trim())) errors.mobile = '请填写 11 位手机号';
  if (!fields.idNumber.trim()) {
    errors.idNumber = '请填写身份证号';
  } else {
    const parsed = parseIdNumber(fields.idNumber);
    if (!parsed.ok) errors.idNumber = ID_NUMBER_PROBLEM_LABELS[parsed.problem];
  }
  const employer = fields.employer.trim();
  if (!employer || employer.length > 100) errors.employer = '请填写工作单位（100 字以内）';
  if (!fields.occupation) errors.occupation = '请选择职业';
  return errors;
}

function isFieldName(value: string): value is FieldName {
  return value in SERVER_FIELD_MESSAGES;
}

/** Field errors in an API refusal (invalid fields, an ID number taken), or null when it is about something else. */
export function serverFieldErrors(error: unknown): FieldErrors | null {
  if (!isApiError(error)) return null;
  if (error.code === ErrorCode.IdNumberInUse) return { idNumber: error.message };
  if (error.code !== ErrorCode.ValidationFailed || !Array.isArray(error.details)) return null;
  const errors: FieldErrors = {};
  for (const detail of error.details as ApiFieldError[]) {
    if (isFieldName(detail.field)) errors[detail.field] = SERVER_FIELD_MESSAGES[detail.field];
  }
  return Object.keys(errors).length > 0 ? errors : null;
}

interface JoinFormProps {
  fields: JoinFields;
  errors: FieldErrors;
  submitting: boolean;
  onChange: (fields: JoinFields) => void;
  onSubmit: () => void;
}

export function JoinForm({ fields, errors, submitting, onChange, onSubmit }: JoinFormProps): ReactNode {
  const [picking, setPicking] = useState(false);
  const set = (patch: Partial<JoinFields>): void => onChange({ ...fields, ...patch });

  const text = (
    name: 'name' | 'mobile' | 'idNumber' | 'employer',
    label: string,
    props: object,
  ): ReactNode => (
    <LabeledInput
      form="join"
      name={name}
      label={label}
      value={fields[name]}
      error={errors[name]}
      onChange={(value) => set({ [name]: value })}
      inputProps={props}
    />
  );

  return (
    <View className="join-form">
      <CellGroup title="入会信息" description="信息仅用于会员登记和实名认证，加密保存">
        {text('name', '姓名', { placeholder: '与身份证一致', maxLength: 30 })}
        {text('mobile', '手机号', { placeholder: '11 位手机号', type: 'digit', maxLength: 11 })}
        {text('idNumber', '身份证号', { placeholder: '18 位身份证号', type: 'idcard', maxLength: 18 })}
        {text('employer', '工作单位', { placeholder: '如：美团外卖小店站', maxLength: 100 })}
        <Cell
          className="join-occupation"
          title="职业"
          extra={fields.occupation ? OCCUPATION_LABELS[fields.occupation] : '请选择'}
          clickable
          onClick={() => setPicking(true)}
        />
        <FieldError name="occupation" message={errors.occupation} />
        <Cell
          className="join-new-form"
          title="新就业形态劳动者"
          description="外卖、快递、网约车、货运等平台从业人员"
          extra={
            <Switch
              className="join-new-form-switch"
              checked={fields.newEmploymentForm}
              onChange={(value) => set({ newEmploymentForm: value })}
            />
          }
        />
      </CellGroup>
      <Picker
        title="选择职业"
        visible={picking}
        options={OCCUPATION_OPTIONS}
        value={fields.occupation ? [fields.occupation] : [OCCUPATIONS[0]]}
        onConfirm={(_, values) => {
          const occupation = OCCUPATIONS.find((o) => o === values[0]) ?? null;
          set({
            occupation,
            newEmploymentForm: occupation !== null && NEW_EMPLOYMENT_FORM.includes(occupation),
          });
        }}
        onClose={() => setPicking(false)}
      />
      <View className="su-actions">
        <Button className="join-submit" type="primary" block loading={submitting} onClick={onSubmit}>
          提交入会申请
        </Button>
      </View>
    </View>
  );
}

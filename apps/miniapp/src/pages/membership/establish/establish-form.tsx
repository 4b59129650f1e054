import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Button, Cell, CellGroup, Input, SearchBar } from '@nutui/nutui-react-taro';
import {
  CREDIT_CODE_PROBLEM_LABELS,
  MAX_FOUNDING_MEMBERS,
  MIN_FOUNDING_MEMBERS,
  MOBILE_PATTERN,
  parseCreditCode,
  type ApplyEstablishmentRequest,
  type FoundingMember,
  type UpperUnionOption,
} from '@smartunion/contracts';

import { showError } from '../../../components/feedback';
import { LabeledInput } from '../../../components/labeled-input';
import { FieldError } from '../../../components/page-state';
import { searchUpperUnions } from '../../../services/establishments';

export interface EstablishFields {
  enterpriseName: string;
  creditCode: string;
  address: string;
  employeeCount: string;
  parent: UpperUnionOption | null;
  founders: FoundingMember[];
}

export type EstablishErrors = Partial<
  Record<'enterpriseName' | 'creditCode' | 'address' | 'employeeCount' | 'parent' | 'founders', string>
>;

const emptyFounder = (): FoundingMember => ({ name: '', mobile: '' });

export const EMPTY_ESTABLISH: EstablishFields = {
  enterpriseName: '',
  creditCode: '',
  address: '',
  employeeCount: '',
  parent: null,
  founders: Array.from({ length: MIN_FOUNDING_MEMBERS }, emptyFounder),
};

/** The request when every field is right, or the problems to show beside the fields. */
export function toRequest(
  f: EstablishFields,
): { request: ApplyEstablishmentRequest } | { errors: EstablishErrors } {
  const errors: EstablishErrors = {};
  const name = f.enterpriseName.trim();
  if (name.length < 2 || name.length > 100) errors.enterpriseName = '请填写企业名称（2–100 个字）';
  const credit = parseCreditCode(f.creditCode);
  if (!credit.ok) errors.creditCode = CREDIT_CODE_PROBLEM_LABELS[credit.problem];
  const address = f.address.trim();
  if (address.length < 2 || address.length > 200) errors.address = '请填写企业地址';
  const count = Number(f.employeeCount);
  if (!Number.isInteger(count) || count < 1 || count > 1_000_000) errors.employeeCount = '请填写职工人数';
  if (!f.parent) errors.parent = '请选择上级工会';
  const founders = f.founders.map((m) => ({ name: m.name.trim(), mobile: m.mobile.trim() }));
  const mobiles = new Set(founders.map((m) => m.mobile));
  if (founders.length < MIN_FOUNDING_MEMBERS || founders.length > MAX_FOUNDING_MEMBERS) {
    errors.founders = `发起人应为 ${MIN_FOUNDING_MEMBERS}–${MAX_FOUNDING_MEMBERS} 人`;
  } else if (
    founders.some((m) => m.name.length < 2 || m.name.length > 30 || !MOBILE_PATTERN.test(m.mobile))
  ) {
    errors.founders = '请填写每位发起人的姓名和 11 位手机号';
  } else if (mobiles.size !== founders.length) {
    errors.founders = '发起人的手机号不能重复';
  }
  if (Object.keys(errors).length > 0 || !credit.ok || !f.parent) return { errors };
  return {
    request: {
      enterpriseName: name,
      creditCode: credit.normalized,
      address,
      parentOrgId: f.parent.id,
      employeeCount: count,
      foundingMembers: founders,
    },
  };
}

interface FormProps {
  fields: EstablishFields;
  errors: EstablishErrors;
  submitting: boolean;
  onChange: (fields: EstablishFields) => void;
  onSubmit: () => void;
}

export function EstablishForm({ fields, errors, submitting, onChange, onSubmit }: FormProps): ReactNode {
  const set = (patch: Partial<EstablishFields>): void => onChange({ ...fields, ...patch });
  const setFounder = (index: number, patch: Partial<FoundingMember>): void =>
    set({ founders: fields.founders.map((m, i) => (i === index ? { ...m, ...patch } : m)) });

  const row = (
    name: 'enterpriseName' | 'creditCode' | 'address' | 'employeeCount',
    label: string,
    props: object,
  ): ReactNode => (
    <LabeledInput
      form="establish"
      name={name}
      label={label}
      value={fields[name]}
      error={errors[name]}
      onChange={(value) => set({ [name]: value })}
      inputProps={props}
    />
  );

  return (
    <View className="establish-form">
      <CellGroup title="企业信息">
        {row('enterpriseName', '企业名称', { placeholder: '与营业执照一致', maxLength: 100 })}
        {row('creditCode', '信用代码', { placeholder: '18 位统一社会信用代码', maxLength: 18 })}
        {row('address', '企业地址', { placeholder: '详细地址', maxLength: 200 })}
        {row('employeeCount', '职工人数', { placeholder: '人数', type: 'number', maxLength: 7 })}
      </CellGroup>
      <UpperUnionPicker value={fields.parent} onChange={(parent) => set({ parent })} />
      <FieldError name="parent" message={errors.parent} />
      <CellGroup title={`发起人（${MIN_FOUNDING_MEMBERS}–${MAX_FOUNDING_MEMBERS} 人，不含申请人）`}>
        {fields.founders.map((m, i) => (
          <View key={i} className="establish-founder">
            <Input
              className="establish-founder-name"
              placeholder="姓名"
              value={m.name}
              maxLength={30}
              onChange={(name) => setFounder(i, { name })}
            />
            <Input
              className="establish-founder-mobile"
              placeholder="手机号"
              type="digit"
              value={m.mobile}
              maxLength={11}
              onChange={(mobile) => setFounder(i, { mobile })}
            />
            <Button
              className="establish-founder-remove"
              size="small"
              disabled={fields.founders.length <= MIN_FOUNDING_MEMBERS}
              onClick={() => set({ founders: fields.founders.filter((_, j) => j !== i) })}
            >
              删除
            </Button>
          </View>
        ))}
        {fields.founders.length < MAX_FOUNDING_MEMBERS && (
          <View className="establish-founder-add">
            <Button
              className="establish-founder-add-button"
              size="small"
              onClick={() => set({ founders: [...fields.founders, emptyFounder()] })}
            >
              添加发起人
            </Button>
          </View>
        )}
      </CellGroup>
      <FieldError name="founders" message={errors.founders} />
      <View className="su-actions">
        <Button className="establish-submit" type="primary" block loading={submitting} onClick={onSubmit}>
          提交建会申请
        </Button>
      </View>
    </View>
  );
}

const UPPER_PAGE_SIZE = 10;

/** Finds the county or street union that approves, by part of its name. */
function UpperUnionPicker({
  value,
  onChange,
}: {
  value: UpperUnionOption | null;
  onChange: (union: UpperUnionOption | null) => void;
}): ReactNode {
  const [keyword, setKeyword] = useState('');
  const [options, setOptions] = useState<UpperUnionOption[] | null>(null);

  async function search(q: string): Promise<void> {
    try {
      const list = await searchUpperUnions({ q: q.trim() || undefined, pageSize: UPPER_PAGE_SIZE });
      setOptions(list.items);
    } catch (error) {
      showError(error);
    }
  }

  return (
    <CellGroup title="上级工会" description="由所选上级工会审批建会申请">
      {value ? (
        <Cell
          className="establish-upper-selected"
          title={value.name}
          description={value.pathNames.join(' / ')}
          extra="更换"
          clickable
          onClick={() => onChange(null)}
        />
      ) : (
        <>
          <SearchBar
            className="establish-upper-search"
            placeholder="输入所在区县或街道名称，如：小店"
            value={keyword}
            onChange={setKeyword}
            onSearch={(q) => void search(q)}
          />
          {options?.length === 0 && <Cell title="没有找到，换个名称试试" />}
          {options?.map((o) => (
            <Cell
              key={o.id}
              className="establish-upper-option"
              title={o.name}
              description={o.pathNames.join(' / ')}
              clickable
              onClick={() => {
                onChange(o);
                setOptions(null);
              }}
            />
          ))}
        </>
      )}
    </CellGroup>
  );
}

import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Button, Switch } from '@nutui/nutui-react-taro';
import {
  DEFAULT_EARN_RULES,
  type EarnRuleResponse,
  MAX_EARN_DAILY_CAP,
  MAX_EARN_POINTS,
  POINT_REASON_LABELS,
  PointReason,
  SIGN_IN_STREAK_BONUSES,
} from '@smartunion/contracts';

import { showError } from '../../../components/feedback';
import { validationErrors } from '../../../components/field-errors';
import { LabeledInput } from '../../../components/labeled-input';

export type Rule = EarnRuleResponse & { own: boolean };

/** What the editor holds, as typed. */
export interface RuleForm {
  points: string;
  dailyCap: string;
  enabled: boolean;
}

type Errors = Partial<Record<'points' | 'dailyCap', string>>;

const POINTS_MESSAGE = `请填写每次积分（1–${MAX_EARN_POINTS} 的整数）`;
const CAP_MESSAGE = `请填写每日上限（1–${MAX_EARN_DAILY_CAP} 的整数，不小于每次积分）`;

function intIn(text: string, min: number, max: number): number | null {
  const value = text.trim();
  if (!/^\d+$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

/** The API's rules for a rule (PutEarnRuleDto and dailyCap ≥ points), checked before sending. */
export function validateRule(form: RuleForm): Errors {
  const errors: Errors = {};
  const points = intIn(form.points, 1, MAX_EARN_POINTS);
  const cap = intIn(form.dailyCap, 1, MAX_EARN_DAILY_CAP);
  if (points === null) errors.points = POINTS_MESSAGE;
  if (cap === null) errors.dailyCap = CAP_MESSAGE;
  else if (points !== null && cap < points) errors.dailyCap = '每日上限不能小于每次积分';
  return errors;
}

const RULE_MESSAGES = { points: POINTS_MESSAGE, dailyCap: CAP_MESSAGE } as const;
const RULE_API_FIELDS = { points: 'points', dailyCap: 'dailyCap' } as const;

function serverErrors(error: unknown): Errors | null {
  return validationErrors(error, RULE_API_FIELDS, (field) => RULE_MESSAGES[field]);
}

/** Where the rule in force comes from, as staff read it. */
function sourceOf(rule: Rule): string {
  if (rule.own) return '本组织设置';
  if (rule.source === 'org' && rule.org) return `沿用 ${rule.org.name} 的设置`;
  return '系统默认';
}

const STREAK_HINT = `连续签到奖励（${SIGN_IN_STREAK_BONUSES.map((s) => `第 ${s.fromDay} 天起 +${s.bonus}`).join('、')}）计入每日上限`;

interface RuleCardProps {
  rule: Rule;
  editing: boolean;
  onEdit: () => void;
  onClose: () => void;
  onSave: (form: RuleForm) => Promise<void>;
  onDelete: () => void;
}

/** One earn reason: the rule in force and where it comes from; setting it edits in place. */
export function RuleCard({ rule, editing, onEdit, onClose, onSave, onDelete }: RuleCardProps): ReactNode {
  const def = DEFAULT_EARN_RULES[rule.reason];
  return (
    <View
      className={`su-card points-rules-rule points-rules-rule--${rule.reason}${rule.own ? ' points-rules-rule--own' : ''}`}
    >
      <View className="points-rules-rule-head">
        <View className="su-card-title points-rules-rule-label">{POINT_REASON_LABELS[rule.reason]}</View>
        <View
          className={`points-rules-rule-source points-rules-rule-source--${rule.own ? 'own' : rule.source}`}
        >
          {sourceOf(rule)}
        </View>
      </View>
      <View className="su-card-line points-rules-rule-values">
        {rule.enabled ? '' : '已停用 · '}每次 {rule.points} 分 · 每日上限 {rule.dailyCap} 分
      </View>
      {editing ? (
        <RuleEditor rule={rule} onClose={onClose} onSave={onSave} />
      ) : (
        <>
          {rule.source === 'default' && (
            <View className="su-card-line points-rules-rule-default">
              未设置规则，按系统默认：每次 {def.points} 分，每日上限 {def.dailyCap} 分
            </View>
          )}
          <View className="su-card-actions">
            {rule.own && (
              <Button className="points-rules-delete" size="small" onClick={onDelete}>
                删除本级规则
              </Button>
            )}
            <Button className="points-rules-edit" type="primary" size="small" onClick={onEdit}>
              {rule.own ? '修改' : '设置'}
            </Button>
          </View>
        </>
      )}
    </View>
  );
}

function RuleEditor({
  rule,
  onClose,
  onSave,
}: {
  rule: Rule;
  onClose: () => void;
  onSave: (form: RuleForm) => Promise<void>;
}): ReactNode {
  const def = DEFAULT_EARN_RULES[rule.reason];
  const [form, setForm] = useState<RuleForm>({
    points: String(rule.points),
    dailyCap: String(rule.dailyCap),
    enabled: rule.enabled,
  });
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);

  async function save(): Promise<void> {
    if (saving) return;
    const found = validateRule(form);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      await onSave(form);
    } catch (error) {
      const fields = serverErrors(error);
      if (fields) setErrors(fields);
      showError(error);
    } finally {
      setSaving(false);
    }
  }

  return (
    <View className="points-rules-editor">
      <LabeledInput
        form="points-rules"
        name="points"
        label="每次积分"
        value={form.points}
        error={errors.points}
        onChange={(v) => setForm({ ...form, points: v })}
        inputProps={{ type: 'number', maxLength: 4, placeholder: `1–${MAX_EARN_POINTS}` }}
      />
      <LabeledInput
        form="points-rules"
        name="dailyCap"
        label="每日上限"
        value={form.dailyCap}
        error={errors.dailyCap}
        onChange={(v) => setForm({ ...form, dailyCap: v })}
        inputProps={{ type: 'number', maxLength: 5, placeholder: '每人每天最多获得的积分' }}
      />
      <View className="points-rules-row points-rules-row--enabled">
        <View className="points-rules-label">启用</View>
        <Switch
          className="points-rules-enabled"
          checked={form.enabled}
          onChange={(on) => setForm({ ...form, enabled: on })}
        />
      </View>
      <View className="points-rules-hint">
        系统默认：每次 {def.points} 分，每日上限 {def.dailyCap} 分。
        {rule.reason === PointReason.SignIn ? STREAK_HINT : ''}
        本规则对本组织及下属工会的会员生效，下级组织自己的规则优先。
      </View>
      <View className="su-card-actions">
        <Button className="points-rules-cancel" size="small" onClick={onClose}>
          取消
        </Button>
        <Button
          className="points-rules-save"
          type="primary"
          size="small"
          loading={saving}
          onClick={() => void save()}
        >
          保存
        </Button>
      </View>
    </View>
  );
}

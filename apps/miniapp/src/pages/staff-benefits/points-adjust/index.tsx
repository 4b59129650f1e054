import { useRef, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { Button, Cell, CellGroup, SearchBar, TextArea, Toast } from '@nutui/nutui-react-taro';
import {
  ErrorCode,
  MAX_ADJUSTMENT_POINTS,
  POINT_REASON_LABELS,
  type MemberPointsResponse,
  type MemberResponse,
} from '@smartunion/contracts';

import { Chip } from '../../../components/amenity-tags';
import { showError, showFailure, showSuccess, TOAST_ID } from '../../../components/feedback';
import { LabeledInput } from '../../../components/labeled-input';
import { FieldError } from '../../../components/page-state';
import { isApiError } from '../../../services/api';
import { requireSession } from '../../../services/auth';
import { formatDateTime } from '../../../services/format';
import { listMembers } from '../../../services/membership-review';
import { adjustPoints, memberPoints } from '../../../services/points';
import { newRequestId } from '../../../services/stations';

import './index.scss';

/** A member id as the API takes it (a positive bigint). */
const MEMBER_ID_PATTERN = /^[1-9]\d{0,17}$/;
const MIN_NOTE = 2;
const MAX_NOTE = 200;
const RECENT_SHOWN = 5;
const SEARCH_PAGE_SIZE = 10;

type Direction = 'add' | 'deduct';
type Errors = Partial<Record<'amount' | 'note', string>>;

/** One submission: its values and the requestId drawn for it, reused while the outcome is unknown. */
interface Attempt {
  key: string;
  requestId: string;
}

/**
 * 积分调整: find a member of the scope by member number, name or member id, see their account, and add or
 * take off points with a note the member reads in their history. The requestId is drawn once per submission
 * and reused on a retry after a dropped answer, so the adjustment is booked once.
 */
export default function WorkbenchPointsAdjustPage(): ReactNode {
  const [keyword, setKeyword] = useState('');
  const [found, setFound] = useState<MemberResponse[] | null>(null);
  const [account, setAccount] = useState<MemberPointsResponse | null>(null);
  const [direction, setDirection] = useState<Direction>('add');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [unsure, setUnsure] = useState(false);
  const attempt = useRef<Attempt | null>(null);

  useDidShow(() => {
    void requireSession();
  });

  async function open(memberId: string): Promise<void> {
    setAccount(await memberPoints(memberId));
    setFound(null);
    attempt.current = null;
    setUnsure(false);
  }

  async function search(raw: string): Promise<void> {
    const q = raw.trim();
    if (busy) return;
    if (!q) {
      showFailure('请输入会员编号、姓名或会员 ID');
      return;
    }
    setBusy(true);
    setAccount(null);
    setFound(null);
    try {
      const list = await listMembers({ q, pageSize: SEARCH_PAGE_SIZE });
      const exact = list.items.find((m) => m.memberNo === q);
      if (exact) await open(exact.id);
      else if (list.items.length > 0) setFound(list.items);
      else if (MEMBER_ID_PATTERN.test(q)) await open(q);
      else showFailure('管理范围内没有找到该会员');
    } catch (error) {
      if (isApiError(error) && error.code === ErrorCode.MemberNotFound)
        showFailure('管理范围内没有找到该会员');
      else showError(error);
    } finally {
      setBusy(false);
    }
  }

  function validate(current: MemberPointsResponse): Errors {
    const result: Errors = {};
    const value = amount.trim();
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!(n >= 1 && n <= MAX_ADJUSTMENT_POINTS)) {
      result.amount = `请填写调整积分（1–${MAX_ADJUSTMENT_POINTS} 的整数）`;
    } else if (direction === 'deduct' && n > current.balance) {
      result.amount = `扣减后积分不能小于 0（当前余额 ${current.balance}）`;
    }
    const text = note.trim();
    if (text.length < MIN_NOTE || text.length > MAX_NOTE)
      result.note = '请填写调整原因（2–200 字），会员可以看到';
    return result;
  }

  async function submit(): Promise<void> {
    if (!account || busy) return;
    const problems = validate(account);
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const delta = (direction === 'add' ? 1 : -1) * Number(amount.trim());
    const text = note.trim();
    const key = `${account.memberId}|${delta}|${text}`;
    // Same values after a dropped answer: the same requestId, so the API books it at most once.
    if (attempt.current?.key !== key) attempt.current = { key, requestId: newRequestId() };
    setBusy(true);
    try {
      const result = await adjustPoints({
        memberId: account.memberId,
        delta,
        note: text,
        requestId: attempt.current.requestId,
      });
      attempt.current = null;
      setUnsure(false);
      setAmount('');
      setNote('');
      showSuccess(result.replayed ? '该调整已记账，未重复调整' : `已调整，当前余额 ${result.balance}`);
      setAccount(await memberPoints(account.memberId));
    } catch (error) {
      const noAnswer = isApiError(error) && error.status === 0;
      if (!noAnswer) attempt.current = null;
      setUnsure(noAnswer);
      showError(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="page points-adjust">
      <SearchBar
        className="points-adjust-search"
        placeholder="会员编号、姓名或会员 ID"
        value={keyword}
        onChange={setKeyword}
        onSearch={(value) => void search(value)}
        right={
          <View className="points-adjust-find" onClick={() => void search(keyword)}>
            查找
          </View>
        }
      />
      {found && (
        <CellGroup title="请选择会员">
          {found.map((m) => (
            <Cell
              key={m.id}
              className="points-adjust-candidate"
              title={`${m.name} · ${m.memberNo}`}
              description={m.org.name}
              clickable
              onClick={() => void open(m.id).catch(showError)}
            />
          ))}
        </CellGroup>
      )}
      {account && (
        <>
          <View className="su-card points-adjust-account">
            <View className="su-card-title points-adjust-member">
              {account.name} · {account.memberNo}
            </View>
            <View className="su-card-line">{account.org.name}</View>
            <View className="su-card-line">
              当前积分 <View className="points-adjust-balance">{account.balance}</View> · 累计获得{' '}
              {account.earnedTotal} · 累计使用 {account.spentTotal}
            </View>
          </View>

          <View className="points-adjust-form">
            <View className="points-adjust-directions">
              <Chip
                className="points-adjust-direction points-adjust-direction--add"
                active={direction === 'add'}
                label="增加积分"
                onClick={() => setDirection('add')}
              />
              <Chip
                className="points-adjust-direction points-adjust-direction--deduct"
                active={direction === 'deduct'}
                label="扣减积分"
                onClick={() => setDirection('deduct')}
              />
            </View>
            <LabeledInput
              form="points-adjust"
              name="amount"
              label={direction === 'add' ? '增加' : '扣减'}
              value={amount}
              error={errors.amount}
              onChange={setAmount}
              inputProps={{ type: 'number', maxLength: 6, placeholder: '积分数' }}
            />
            <View className="points-adjust-label">调整原因</View>
            <TextArea
              className="points-adjust-note"
              value={note}
              placeholder="如 参加工会志愿服务补录（会员可在积分明细中看到）"
              maxLength={MAX_NOTE}
              showCount
              onChange={setNote}
            />
            <FieldError name="note" message={errors.note} />
          </View>
          {unsure && (
            <View className="su-note points-adjust-unsure">
              网络异常，调整结果未知。内容不变时点「重试提交」，同一笔调整不会重复记账。
            </View>
          )}
          <View className="su-actions">
            <Button
              className="points-adjust-submit"
              type="primary"
              block
              loading={busy}
              onClick={() => void submit()}
            >
              {unsure ? '重试提交' : '确认调整'}
            </Button>
          </View>

          {account.recent.length > 0 && (
            <CellGroup title="最近积分明细">
              {account.recent.slice(0, RECENT_SHOWN).map((e) => (
                <Cell
                  key={e.id}
                  className="points-adjust-entry"
                  title={e.note ?? POINT_REASON_LABELS[e.reason]}
                  description={`${POINT_REASON_LABELS[e.reason]} · ${formatDateTime(e.createdAt)}`}
                  extra={`${e.delta > 0 ? '+' : ''}${e.delta}`}
                />
              ))}
            </CellGroup>
          )}
        </>
      )}
      <Toast id={TOAST_ID} />
    </View>
  );
}

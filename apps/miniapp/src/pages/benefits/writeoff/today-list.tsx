import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { WRITE_OFF_RESULT_LABELS, type WriteOffListResponse } from '@smartunion/contracts';

import { formatDateTime } from '../../../services/format';

/** Today's write-off attempts at the counters of the caller's merchants, newest first. */
export function TodayList({ today }: { today: WriteOffListResponse }): ReactNode {
  return (
    <View className="writeoff-today">
      <View className="su-section-title writeoff-today-summary">
        今日核销 {today.okCount} 张（共 {today.attempts} 次扫码）
      </View>
      {today.items.map((item) => (
        <View key={item.id} className={`su-card writeoff-record writeoff-record--${item.result}`}>
          <View className="writeoff-record-head">
            <View className="writeoff-record-title">{item.couponTitle ?? '未识别的券码'}</View>
            <View className="writeoff-record-result">{WRITE_OFF_RESULT_LABELS[item.result]}</View>
          </View>
          <View className="su-card-line">
            {formatDateTime(item.at)}
            {item.memberName ? ` · 会员 ${item.memberName}` : ''}
            {item.store ? ` · ${item.store.name}` : ''}
            {item.byUser ? ` · ${item.byUser}` : ''}
          </View>
        </View>
      ))}
    </View>
  );
}

import { useCallback, useRef, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button, Loading, Toast } from '@nutui/nutui-react-taro';
import { ErrorCode, STATION_DOOR_CODE_PARAM, type OpenStationDoorResponse } from '@smartunion/contracts';

import { TOAST_ID } from '../../../components/feedback';
import { isApiError } from '../../../services/api';
import { requireSession } from '../../../services/auth';
import { Routes } from '../../../services/routes';
import { newRequestId, openStationDoor } from '../../../services/stations';

import './index.scss';

type DoorState =
  | { status: 'opening' }
  | { status: 'opened'; result: OpenStationDoorResponse }
  | { status: 'failed'; message: string; retry: boolean; code?: string };

/** Failures a second tap may fix (the lock did not answer in time, the network dropped). */
const RETRYABLE: ReadonlySet<string> = new Set([
  ErrorCode.DoorTimeout,
  ErrorCode.DoorUnavailable,
  ErrorCode.ServiceUnavailable,
]);

/**
 * 扫码开门: the page a station's door QR opens (the phone camera in H5, Taro.scanCode in mini-programs). It asks
 * the API to open the door and shows the lock's answer. A retry reuses the attempt's requestId, so the door
 * never opens twice for one tap; "再开一次" draws a new one.
 */
export default function StationDoorPage(): ReactNode {
  const code = useRouter().params[STATION_DOOR_CODE_PARAM] ?? '';
  const [state, setState] = useState<DoorState>({ status: 'opening' });
  const requestId = useRef<string>(newRequestId());
  const started = useRef(false);

  const open = useCallback(async (): Promise<void> => {
    if (!code) {
      setState({ status: 'failed', message: '二维码无效，请扫描驿站门上的开门码', retry: false });
      return;
    }
    setState({ status: 'opening' });
    try {
      if (!(await requireSession())) return;
      const result = await openStationDoor({ code: decodeURIComponent(code), requestId: requestId.current });
      setState({ status: 'opened', result });
    } catch (error) {
      const apiError = isApiError(error) ? error : null;
      setState({
        status: 'failed',
        message: apiError?.message ?? '开门失败，请稍后重试',
        retry: apiError ? RETRYABLE.has(apiError.code) || apiError.status === 0 : true,
        code: apiError?.code,
      });
    }
  }, [code]);

  // Once per visit of the page (and again after a login that interrupted it).
  useDidShow(() => {
    if (started.current && state.status !== 'opening') return;
    started.current = true;
    void open();
  });

  function again(): void {
    requestId.current = newRequestId();
    void open();
  }

  return (
    <View className={`page door door--${state.status}`}>
      {renderBody(state, () => void open(), again)}
      <Toast id={TOAST_ID} />
    </View>
  );
}

function renderBody(state: DoorState, retry: () => void, again: () => void): ReactNode {
  switch (state.status) {
    case 'opening':
      return (
        <View className="door-opening">
          <Loading>正在开门…</Loading>
        </View>
      );
    case 'opened':
      return (
        <View className="door-opened">
          <View className="door-icon">🔓</View>
          <View className="door-title">门已打开</View>
          <View className="door-station">{state.result.station.name}</View>
          <View className="door-detail">欢迎进站休息，离开时请随手关门</View>
          <View className="door-actions">
            <Button block onClick={again}>
              再开一次
            </Button>
          </View>
        </View>
      );
    case 'failed':
      return (
        <View className="door-failed">
          <View className="door-icon">🔒</View>
          <View className="door-title">未能开门</View>
          <View className="door-detail door-message">{state.message}</View>
          <View className="door-actions">
            {state.retry && (
              <Button className="door-retry" type="primary" block onClick={retry}>
                重试
              </Button>
            )}
            {state.code === ErrorCode.NotAMember && (
              <Button block onClick={() => void Taro.navigateTo({ url: Routes.MembershipStatus })}>
                了解如何入会
              </Button>
            )}
            <Button block onClick={() => void Taro.switchTab({ url: Routes.Stations })}>
              查看附近驿站
            </Button>
          </View>
        </View>
      );
  }
}

import { useCallback, useRef, useState, type ReactNode } from 'react';
import { Image, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button, Loading, Toast } from '@nutui/nutui-react-taro';
import { ErrorCode, stationDoorCodeOf, type OpenStationDoorResponse } from '@smartunion/contracts';

import lockedIcon from '../../../assets/door/door-locked.png';
import openedIcon from '../../../assets/door/door-opened.png';
import { TOAST_ID } from '../../../components/feedback';
import { SignedOutState } from '../../../components/page-state';
import { type ApiError, isApiError } from '../../../services/api';
import { ensureSession, isSignedIn } from '../../../services/auth';
import { IS_H5 } from '../../../services/env';
import { Routes } from '../../../services/routes';
import { currentPosition, formatDistance, newRequestId, openStationDoor } from '../../../services/stations';
import { StationRating } from '../station-rating';

import './index.scss';

type DoorState =
  | { status: 'opening' }
  | { status: 'signedOut' }
  | { status: 'opened'; result: OpenStationDoorResponse }
  | { status: 'failed'; message: string; retry: boolean; code?: string };

/**
 * Failures a second tap may fix: the lock did not answer in time, the network dropped, or the member was not at
 * the door (walk there, or allow the position, then tap again).
 */
const RETRYABLE: ReadonlySet<string> = new Set([
  ErrorCode.DoorTimeout,
  ErrorCode.DoorUnavailable,
  ErrorCode.ServiceUnavailable,
  ErrorCode.DoorTooFar,
  ErrorCode.DoorLocationRequired,
]);

/** 距离驿站约 4.2 公里，… when the API says how far the member is; the code's own text otherwise. */
function messageOf(error: ApiError): string {
  const distance = (error.details as { distanceMeters?: unknown } | undefined)?.distanceMeters;
  if (error.code === ErrorCode.DoorTooFar && typeof distance === 'number') {
    return `距离驿站约 ${formatDistance(distance)}，请到驿站门口扫码开门`;
  }
  return error.message;
}

/**
 * 扫码开门: the page a station's door QR opens (the phone camera in H5, Taro.scanCode in mini-programs, or WeChat's
 * own camera, which hands the whole URL over as `q`). It sends the phone's position with the request — the door
 * opens only near the station — and shows the lock's answer. A retry reuses the attempt's requestId, so the door
 * never opens twice for one tap; "再开一次" draws a new one.
 */
export default function StationDoorPage(): ReactNode {
  const code = stationDoorCodeOf(useRouter().params);
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
      // Signed out (H5): say why, with a 登录 button; coming back from login opens the door.
      if (!(await ensureSession())) {
        setState({ status: 'signedOut' });
        return;
      }
      // Without a position the API says which is wrong first (not a member, closed…) or asks for it.
      const position = await currentPosition();
      const result = await openStationDoor({
        code,
        requestId: requestId.current,
        ...(position && { location: { lat: position.lat, lng: position.lng }, coord: position.coord }),
      });
      setState({ status: 'opened', result });
    } catch (error) {
      const apiError = isApiError(error) ? error : null;
      // The session ran out and could not be renewed: the same card as arriving signed out.
      if (apiError?.status === 401 && !isSignedIn()) {
        setState({ status: 'signedOut' });
        return;
      }
      setState({
        status: 'failed',
        message: apiError ? messageOf(apiError) : '开门失败，请稍后重试',
        retry: apiError ? RETRYABLE.has(apiError.code) || apiError.status === 0 : true,
        code: apiError?.code,
      });
    }
  }, [code]);

  // Once per visit of the page, and again on coming back from the login it asked for.
  useDidShow(() => {
    if (started.current && state.status !== 'opening' && state.status !== 'signedOut') return;
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
    case 'signedOut':
      return <SignedOutState reason="登录后扫码开门，驿站会核对您的会员身份" />;
    case 'opened':
      return (
        <View className="door-opened">
          <Image className="door-icon" src={openedIcon} mode="aspectFit" />
          <View className="door-title">门已打开</View>
          <View className="door-station">{state.result.station.name}</View>
          <View className="door-detail">欢迎进站休息，离开时请随手关门</View>
          <View className="door-actions">
            <Button block onClick={again}>
              再开一次
            </Button>
          </View>
          <StationRating stationId={state.result.station.id} />
        </View>
      );
    case 'failed':
      return (
        <View className="door-failed">
          <Image className="door-icon" src={lockedIcon} mode="aspectFit" />
          <View className="door-title">未能开门</View>
          <View className="door-detail door-message">{state.message}</View>
          <View className="door-actions">
            {state.retry && (
              <Button className="door-retry" type="primary" block onClick={retry}>
                重试
              </Button>
            )}
            {state.code === ErrorCode.DoorLocationRequired && !IS_H5 && (
              <Button className="door-settings" block onClick={() => void Taro.openSetting()}>
                打开定位权限
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

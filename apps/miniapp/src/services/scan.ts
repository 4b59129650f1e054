import Taro from '@tarojs/taro';

import { IS_H5 } from './env';

/**
 * Whether this build can read a QR with the camera: mini-programs always (Taro.scanCode); H5 where the browser
 * offers the camera (a secure page in a browser with getUserMedia), else the code is typed or pasted.
 */
export const CAN_SCAN: boolean =
  !IS_H5 || (typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function');

/**
 * Opens the camera and returns the raw text of the QR; null when the user backs out (or, in H5, when the camera
 * cannot be used — the scanner has said why). Mini-programs use the platform's scanner; H5 loads its own, a chunk
 * of its own that the mini-program packages never contain.
 */
export function scanText(): Promise<string | null> {
  // A plain `if` in a plain function: webpack drops the branch, and the scanner with it, from the mini-program
  // builds (inside an async function Babel's state machine would hide the condition from it).
  if (process.env.TARO_ENV === 'h5') {
    return import(/* webpackChunkName: "camera-scanner" */ '../components/camera-scanner').then(
      ({ scanWithCamera }) => scanWithCamera(),
      async () => {
        await Taro.showToast({ title: '扫码功能加载失败，请手动输入', icon: 'none' });
        return null;
      },
    );
  }
  return scanWithPlatform();
}

async function scanWithPlatform(): Promise<string | null> {
  try {
    const { result } = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] });
    return result;
  } catch {
    return null;
  }
}

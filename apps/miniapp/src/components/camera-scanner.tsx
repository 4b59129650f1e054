import { type ReactNode, useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserQRCodeReader, type IScannerControls } from '@zxing/browser';

import './camera-scanner.scss';

/**
 * H5 only (loaded by services/scan.ts behind TARO_ENV === 'h5'): a full-screen camera view that reads a QR code
 * with ZXing. Plain DOM elements, not Taro components: the overlay is mounted on <body>, outside every page.
 */

type CameraState =
  { status: 'starting' } | { status: 'scanning' } | { status: 'failed'; title: string; message: string };

/** Between two decode attempts: often enough to feel instant, rare enough for a slow phone. */
const SCAN_INTERVAL_MS = 150;

/**
 * Opens the camera over the whole screen and resolves with the text of the first QR code it reads, or null when
 * the user cancels (取消 or Escape), closes the message that the camera cannot be used, or goes Back (the page
 * router handles that Back as usual: the overlay only gets out of the way). The camera is released before the
 * promise settles.
 */
export function scanWithCamera(): Promise<string | null> {
  return new Promise((resolve) => {
    const host = document.createElement('div');
    document.body.appendChild(host);
    const root = createRoot(host);
    let settled = false;

    function finish(text: string | null): void {
      if (settled) return;
      settled = true;
      window.removeEventListener('popstate', onBack);
      // Unmounting stops the camera (the component's cleanup) before the caller goes on.
      root.unmount();
      host.remove();
      resolve(text);
    }

    function onBack(): void {
      finish(null);
    }

    window.addEventListener('popstate', onBack);
    root.render(<CameraScanner onResult={(text) => finish(text)} onCancel={() => finish(null)} />);
  });
}

interface CameraScannerProps {
  onResult: (text: string) => void;
  onCancel: () => void;
}

function CameraScanner({ onResult, onCancel }: CameraScannerProps): ReactNode {
  const videoRef = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<CameraState>({ status: 'starting' });
  // The callbacks of the first render serve the whole life of the overlay.
  const done = useRef({ onResult, onCancel });

  useEffect(() => {
    const video = videoRef.current;
    let closed = false;
    let stream: MediaStream | null = null;
    let controls: IScannerControls | null = null;

    function release(): void {
      controls?.stop();
      controls = null;
      stream?.getTracks().forEach((track) => track.stop());
      stream = null;
      if (video) video.srcObject = null;
    }

    async function start(): Promise<void> {
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: 'environment' },
          audio: false,
        });
      } catch (error) {
        if (!closed) setState({ status: 'failed', ...cameraFailure(error) });
        return;
      }
      if (closed || !video) {
        release();
        return;
      }
      try {
        const reader = new BrowserQRCodeReader(undefined, { delayBetweenScanAttempts: SCAN_INTERVAL_MS });
        controls = await reader.decodeFromStream(stream, video, (result) => {
          if (!result || closed) return;
          closed = true;
          release();
          done.current.onResult(result.getText());
        });
      } catch {
        release();
        if (!closed) setState({ status: 'failed', ...CAMERA_UNREADABLE });
        return;
      }
      if (closed) release();
      else setState({ status: 'scanning' });
    }

    function onKey(event: KeyboardEvent): void {
      if (event.key === 'Escape') done.current.onCancel();
    }

    document.addEventListener('keydown', onKey);
    void start();
    return () => {
      closed = true;
      document.removeEventListener('keydown', onKey);
      release();
    };
  }, []);

  return (
    <div
      className={`camera-scanner camera-scanner--${state.status}`}
      role="dialog"
      aria-modal
      aria-label="扫码"
    >
      <video ref={videoRef} className="camera-scanner-video" autoPlay muted playsInline />
      {state.status === 'failed' ? (
        <div className="camera-scanner-error">
          <div className="camera-scanner-error-title">{state.title}</div>
          <div className="camera-scanner-error-message">{state.message}</div>
          <button type="button" className="camera-scanner-close" onClick={() => done.current.onCancel()}>
            关闭
          </button>
        </div>
      ) : (
        <>
          <div className="camera-scanner-frame">
            <span className="camera-scanner-corner camera-scanner-corner--tl" />
            <span className="camera-scanner-corner camera-scanner-corner--tr" />
            <span className="camera-scanner-corner camera-scanner-corner--bl" />
            <span className="camera-scanner-corner camera-scanner-corner--br" />
            {state.status === 'scanning' && <span className="camera-scanner-line" />}
          </div>
          <div className="camera-scanner-hint">
            {state.status === 'starting' ? '正在打开摄像头…' : '将二维码放入框内'}
          </div>
          <button type="button" className="camera-scanner-cancel" onClick={() => done.current.onCancel()}>
            取消
          </button>
        </>
      )}
    </div>
  );
}

const CAMERA_UNREADABLE = {
  title: '摄像头无法使用',
  message: '摄像头可能正被其他应用占用，请稍后重试，或关闭后手动输入',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** What to tell the user when the browser refuses the camera (DOMException names of getUserMedia). */
function cameraFailure(error: unknown): { title: string; message: string } {
  switch (isRecord(error) ? error.name : undefined) {
    case 'NotAllowedError':
    case 'SecurityError':
      return {
        title: '未获得摄像头权限',
        message: '请在浏览器设置中允许本网页使用摄像头，或关闭后手动输入',
      };
    case 'NotFoundError':
    case 'OverconstrainedError':
      return { title: '没有找到摄像头', message: '这台设备没有可用的摄像头，请关闭后手动输入' };
    default:
      return CAMERA_UNREADABLE;
  }
}

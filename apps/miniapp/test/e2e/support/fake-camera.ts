import { writeFileSync } from 'node:fs';

import { create as createQr } from 'qrcode';

/** The picture Chromium's fake camera plays: what a desk's camera would see of a member's phone. */
const WIDTH = 640;
const HEIGHT = 480;
/** Chromium loops the file; a few identical frames are enough for a still code. */
const FRAMES = 5;
/** White space around the code, in modules, as a phone screen leaves it. */
const QUIET_ZONE = 4;

/**
 * Writes a Y4M video (the format of Chromium's --use-file-for-fake-video-capture) showing the QR code of `text`,
 * black on white and centred, or a blank white picture when `text` is null: 4:2:0 planes, full-range luma
 * (C420jpeg), neutral chroma.
 */
export function writeQrVideo(text: string | null, path: string): void {
  const luma = Buffer.alloc(WIDTH * HEIGHT, 255);
  if (text !== null) drawQr(luma, text);
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);

  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(path, Buffer.concat([header, ...Array<Buffer>(FRAMES).fill(frame)]));
}

/** Paints the code's dark modules black onto the white luma plane. */
function drawQr(luma: Buffer, text: string): void {
  const qr = createQr(text, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const scale = Math.floor((Math.min(WIDTH, HEIGHT) * 0.85) / (size + 2 * QUIET_ZONE));
  if (scale < 2) throw new Error(`QR of ${size} modules does not fit a ${WIDTH}×${HEIGHT} frame`);
  const left = Math.floor((WIDTH - size * scale) / 2);
  const top = Math.floor((HEIGHT - size * scale) / 2);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (!qr.modules.get(row, col)) continue;
      for (let y = 0; y < scale; y++) {
        const offset = (top + row * scale + y) * WIDTH + left + col * scale;
        luma.fill(0, offset, offset + scale);
      }
    }
  }
}

/** Chromium's flags for a camera that plays `videoPath` and is granted without asking. */
export function fakeCameraArgs(videoPath: string): string[] {
  return [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${videoPath}`,
  ];
}

import Taro from '@tarojs/taro';

import { extractJoinCode, joinPageUrl, scanText } from '../services/join-code';
import { showFailure } from './feedback';

/** Scans a union's join QR and opens the join page for its code (in place of the current page if `replace`). */
export async function scanToJoin(replace = false): Promise<void> {
  const text = await scanText();
  if (text === null) return;
  const code = extractJoinCode(text);
  if (!code) {
    showFailure('这不是工会入会二维码');
    return;
  }
  const url = joinPageUrl(code);
  await (replace ? Taro.redirectTo({ url }) : Taro.navigateTo({ url }));
}

import Taro from '@tarojs/taro';

import type { DownloadTicketResponse } from '@smartunion/contracts';

import { apiDownloadToTemp, apiPost, type Query, withQuery } from './api';
import { IS_H5, IS_WEAPP } from './env';

/** The document types a mini-program can open (`openDocument`); CSV is not one of them. */
type OpenableType = 'doc' | 'docx' | 'xls' | 'xlsx' | 'ppt' | 'pptx' | 'pdf';
const OPENABLE: readonly string[] = ['doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'pdf'];

/**
 * Downloads a file the API serves, streamed to the device rather than held in the page. H5: the API issues a
 * short-lived ticket bound to this URL (the browser cannot send our bearer header on a plain link) and the
 * browser fetches the link itself, saving under the server's file name. Mini-programs: written straight to a
 * temporary file and opened with the system viewer, whose menu forwards or saves it; only office documents and
 * PDF open there. Only API routes that accept download tickets can be fetched this way in H5.
 */
export async function downloadFile(path: string, query: Query, fallbackName: string): Promise<void> {
  if (IS_H5) {
    const { url } = await apiPost<DownloadTicketResponse>('/api/v1/download-tickets', {
      path: withQuery(path, query),
    });
    const link = document.createElement('a');
    link.href = url;
    link.download = fallbackName;
    link.style.display = 'none';
    document.body.appendChild(link);
    link.click();
    link.remove();
    return;
  }
  const fileType = fallbackName.split('.').pop()?.toLowerCase() ?? '';
  if (!OPENABLE.includes(fileType)) throw new Error(`A mini-program cannot open .${fileType} files`);
  const filePath = await apiDownloadToTemp(path, query);
  await Taro.openDocument({ filePath, fileType: fileType as OpenableType, showMenu: true });
}

/** A file the user picked: a browser File in H5, the bytes of a chat file in WeChat. */
export interface PickedFile {
  name: string;
  size: number;
  data: Blob | ArrayBuffer;
}

/** Whether this build can pick a file at all: a browser can, WeChat can (from a chat); Alipay cannot. */
export const CAN_PICK_FILES: boolean = IS_H5 || IS_WEAPP;

/**
 * WeChat: picks one file from a chat (where cadres receive their rosters) and reads it; null when the user
 * cancels. The import uploads it as the raw body, as the browser does.
 */
export async function chooseChatFile(extensions: string[]): Promise<PickedFile | null> {
  let picked: Taro.chooseMessageFile.SuccessCallbackResult;
  try {
    picked = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: extensions });
  } catch {
    return null;
  }
  const file = picked.tempFiles[0];
  if (!file) return null;
  const data = await new Promise<ArrayBuffer>((resolve, reject) => {
    Taro.getFileSystemManager().readFile({
      filePath: file.path,
      success: (res) => resolve(res.data as ArrayBuffer),
      fail: reject,
    });
  });
  return { name: file.name, size: file.size, data };
}

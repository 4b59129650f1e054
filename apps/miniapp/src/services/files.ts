import type { DownloadedFile } from './api';
import { IS_H5 } from './env';

/**
 * H5: hands a downloaded file to the browser as an attachment. The API wants a bearer token, so a plain link
 * cannot fetch it; the bytes come through the API client and leave as an object URL.
 */
export function saveDownload(file: DownloadedFile, fallbackName: string): void {
  if (!IS_H5) throw new Error('File downloads exist only in the H5 build');
  const url = URL.createObjectURL(new Blob([file.data], { type: file.contentType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName ?? fallbackName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

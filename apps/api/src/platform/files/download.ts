import type { Readable } from 'node:stream';

import { StreamableFile } from '@nestjs/common';

/** A file a service hands to a controller to send as an attachment. */
export interface FileDownload {
  stream: Readable;
  fileName: string;
  contentType: string;
}

/** The attachment header: an ASCII fallback name plus the exact (UTF-8) one (RFC 6266). */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function toStreamableFile(download: FileDownload): StreamableFile {
  return new StreamableFile(download.stream, {
    type: download.contentType,
    disposition: attachmentDisposition(download.fileName),
  });
}

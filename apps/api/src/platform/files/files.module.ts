import { Global, Module } from '@nestjs/common';

import { UploadStore } from './upload-store';

/** Uploaded files in PostgreSQL, for every process (the API stores, workers stream). */
@Global()
@Module({ providers: [UploadStore], exports: [UploadStore] })
export class FilesModule {}

import { DataSource } from 'typeorm';

import { loadConfig } from '../config/app-config';
import { typeormOptions } from './typeorm-options';

/** Standalone DataSource for the TypeORM CLI (`db:generate`). The app itself builds its own from AppConfig. */
export default new DataSource(typeormOptions(loadConfig(), 'smartunion-cli'));

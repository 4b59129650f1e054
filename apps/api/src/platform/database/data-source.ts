import { join } from 'node:path';

import { DataSource } from 'typeorm';

import { loadConfig } from '../config/app-config';
import { typeormOptions } from './typeorm-options';

/**
 * Standalone DataSource for the TypeORM CLI (`db:generate`). The app itself builds its own from AppConfig. Entities
 * are found by file name, so platform imports none of the areas that own them.
 */
export default new DataSource({
  ...typeormOptions(loadConfig(), 'smartunion-cli'),
  entities: [join(__dirname, '..', '..', '**', '*.entity.{ts,js}')],
});

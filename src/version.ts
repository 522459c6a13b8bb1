// The package version, read once from package.json (shown by /__sandbox/health and --version).

import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from './config.js';

export const VERSION: string = (
  JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }
).version;

// Paths of the engine's fixtures, from the compiled tests in out/test/… or the sources in test/….
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../../..' : '../..');
export const LOGS = path.join(REPO_ROOT, 'test/fixtures/logs');
export const BROKEN = path.join(REPO_ROOT, 'test/fixtures/broken');
export const DELIVERY_DAY = path.join(LOGS, 'AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10');
export const EXPORTS = path.join(LOGS, 'exports');

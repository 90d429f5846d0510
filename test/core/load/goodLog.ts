// A real CloudTrail log to put beside hostile files, and the facts a test checks it against (read independently of
// the engine, with JSON.parse).
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DELIVERY_DAY, REPO_ROOT } from '../engineFixtures';

const SHARED_LOG = path.join(
  REPO_ROOT,
  '../shared/data/invictus-ir-aws-dataset/218007301253_CloudTrail_us-east-1_20230710T1230Z_AvIajGd5rkz6vTy4.json',
);
const FIXTURE_LOG = path.join(DELIVERY_DAY, '218007301253_CloudTrail_us-east-1_20230710T1205Z_nx9Yx1FyJdBaTqKj.json');

/** A real delivered log file (../shared/data when present, else the repository's copy of one). */
export const GOOD_LOG = existsSync(SHARED_LOG) ? SHARED_LOG : FIXTURE_LOG;
export const GOOD_TEXT = readFileSync(GOOD_LOG, 'utf8');
export const GOOD_RECORDS = (JSON.parse(GOOD_TEXT) as { Records: { eventID: string }[] }).Records;

// What a trail's ARN says about the trail: arn:<partition>:cloudtrail:<home Region>:<account>:trail/<name>. A trail
// lives in its home Region and belongs to the account in its ARN, so a configuration that gives only the TrailARN
// (get-event-selectors output) still tells where the trail is and whose it is.
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudtrail.html#awscloudtrail-resources-for-iam-policies

import { parseArn } from '../arn';

export interface TrailArnParts {
  name: string | null;
  accountId: string | null;
  homeRegion: string | null;
}

const NOTHING: TrailArnParts = { name: null, accountId: null, homeRegion: null };

/** The name, account and home Region a trail ARN gives; nulls for text that is not a CloudTrail trail ARN. */
export function trailArnParts(arn: string | null): TrailArnParts {
  const parsed = arn === null ? null : parseArn(arn);
  if (parsed === null || parsed.service !== 'cloudtrail' || parsed.resourceType !== 'trail') return NOTHING;
  return { name: parsed.resourceId || null, accountId: parsed.accountId || null, homeRegion: parsed.region || null };
}

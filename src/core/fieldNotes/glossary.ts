// What the values of CloudTrail's top-level record fields mean: event sources, event types, categories.
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html

export const RECORD_CONTENTS_URL = 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html';

/** eventSource → the service, for the event sources people meet most in CloudTrail logs. */
export const EVENT_SOURCES: ReadonlyMap<string, string> = new Map([
  ['s3.amazonaws.com', 'Amazon S3 (general purpose buckets and S3 Control)'],
  ['s3express.amazonaws.com', 'Amazon S3 Express One Zone (directory buckets)'],
  ['s3-outposts.amazonaws.com', 'Amazon S3 on Outposts'],
  ['s3-object-lambda.amazonaws.com', 'Amazon S3 Object Lambda'],
  ['iam.amazonaws.com', 'AWS Identity and Access Management (global service, recorded in us-east-1)'],
  ['sts.amazonaws.com', 'AWS Security Token Service (temporary credentials)'],
  ['signin.amazonaws.com', 'AWS sign-in (console sign-in events)'],
  ['sso.amazonaws.com', 'AWS IAM Identity Center'],
  ['identitystore.amazonaws.com', 'IAM Identity Center identity store'],
  ['organizations.amazonaws.com', 'AWS Organizations'],
  ['cloudtrail.amazonaws.com', 'AWS CloudTrail'],
  ['kms.amazonaws.com', 'AWS Key Management Service'],
  ['ec2.amazonaws.com', 'Amazon EC2'],
  ['lambda.amazonaws.com', 'AWS Lambda'],
  ['dynamodb.amazonaws.com', 'Amazon DynamoDB'],
  ['cloudformation.amazonaws.com', 'AWS CloudFormation'],
  ['config.amazonaws.com', 'AWS Config'],
  ['guardduty.amazonaws.com', 'Amazon GuardDuty'],
  ['securityhub.amazonaws.com', 'AWS Security Hub'],
  ['access-analyzer.amazonaws.com', 'IAM Access Analyzer'],
  ['logs.amazonaws.com', 'Amazon CloudWatch Logs'],
  ['monitoring.amazonaws.com', 'Amazon CloudWatch (metrics and alarms)'],
  ['events.amazonaws.com', 'Amazon EventBridge'],
  ['sns.amazonaws.com', 'Amazon SNS'],
  ['sqs.amazonaws.com', 'Amazon SQS'],
  ['ssm.amazonaws.com', 'AWS Systems Manager'],
  ['secretsmanager.amazonaws.com', 'AWS Secrets Manager'],
  ['rds.amazonaws.com', 'Amazon RDS'],
  ['route53.amazonaws.com', 'Amazon Route 53 (global service)'],
  ['cloudfront.amazonaws.com', 'Amazon CloudFront (global service)'],
  ['elasticloadbalancing.amazonaws.com', 'Elastic Load Balancing'],
  ['autoscaling.amazonaws.com', 'Amazon EC2 Auto Scaling'],
  ['ecs.amazonaws.com', 'Amazon ECS'],
  ['eks.amazonaws.com', 'Amazon EKS'],
  ['ecr.amazonaws.com', 'Amazon ECR'],
  ['athena.amazonaws.com', 'Amazon Athena'],
  ['glue.amazonaws.com', 'AWS Glue'],
  ['health.amazonaws.com', 'AWS Health'],
  ['support.amazonaws.com', 'AWS Support'],
  ['ce.amazonaws.com', 'AWS Cost Explorer'],
  ['servicequotas.amazonaws.com', 'Service Quotas'],
  ['resource-explorer-2.amazonaws.com', 'AWS Resource Explorer'],
]);

/** eventType values. */
export const EVENT_TYPES: ReadonlyMap<string, string> = new Map([
  ['AwsApiCall', 'An API was called (every S3 management and data event).'],
  [
    'AwsServiceEvent',
    'A service generated an event related to your resources (for example another account used a resource of yours, or a DeleteObject recorded for one key of DeleteObjects since June 2025).',
  ],
  ['AwsConsoleAction', 'An action in the console that is not an API call.'],
  ['AwsConsoleSignIn', 'A sign-in to the console (root, IAM user, federated, SAML, switch role).'],
  ['AwsCloudTrailInsight', 'A CloudTrail Insights event: unusual API call rate or error rate.'],
  ['AwsVpceEvent', 'A network activity event: a call through a VPC endpoint, recorded for the endpoint owner.'],
  ['AwsVpceEvents', 'A network activity event (spelling used in the field list of the documentation).'],
]);

/** eventCategory values. */
export const EVENT_CATEGORIES: ReadonlyMap<string, string> = new Map([
  [
    'Management',
    'Control-plane operation on resources (bucket configuration, IAM, …). Logged by default on every trail and kept 90 days in Event history.',
  ],
  [
    'Data',
    'Operation on or in a resource (S3 object reads and writes). Not logged by default: a trail must select it, at extra cost; never in Event history.',
  ],
  ['Insight', 'CloudTrail Insights event about unusual activity; needs insight selectors.'],
  ['NetworkActivity', 'A call through a VPC endpoint, recorded for the endpoint owner; needs an advanced selector.'],
]);

/** resources[].type values of S3 records. https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-understanding-s3-entries.html */
export const RESOURCE_TYPES: ReadonlyMap<string, string> = new Map([
  [
    'AWS::S3::Object',
    'An S3 object (ARN) or an object prefix (ARNPrefix, for bucket-scoped data calls such as ListObjects); the type data event selectors select.',
  ],
  ['AWS::S3::Bucket', "The bucket; its accountId is the bucket owner (blank in a cross-account caller's copy of some AccessDenied events)."],
  ['AWS::S3::AccessPoint', 'The S3 access point the request went through.'],
  ['AWS::S3Express::Object', 'An object prefix in a directory bucket (S3 Express One Zone).'],
  ['AWS::S3Express::DirectoryBucket', 'A directory bucket (S3 Express One Zone).'],
  ['AWS::S3Outposts::Object', 'An object in S3 on Outposts.'],
  ['AWS::S3Outposts::Bucket', 'A bucket in S3 on Outposts.'],
  ['AWS::S3ObjectLambda::AccessPoint', 'An S3 Object Lambda access point.'],
]);

/** eventVersion values and what they added. https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-document-history.html */
export const EVENT_VERSIONS: ReadonlyMap<string, string> = new Map([
  ['1.05', 'Adds serviceEventDetails.'],
  ['1.06', 'Adds managementEvent.'],
  ['1.07', 'Adds eventCategory.'],
  ['1.08', 'Adds addendum, sessionCredentialFromConsole, edgeDeviceDetails and tlsDetails.'],
  ['1.09', 'Adds vpcEndpointAccountId (May 2023).'],
  ['1.10', 'Version bump of March 2024.'],
  ['1.11', 'Adds userIdentity.inScopeOf (October 2024) and eventContext (enriched event data stores only).'],
]);

/** Whether an eventSource is an AWS service's DNS name (how services appear in sourceIPAddress and userAgent). */
export function isServiceHostName(value: string): boolean {
  return value.endsWith('.amazonaws.com');
}

// Common error codes in CloudTrail records of S3, IAM, STS and other calls, with what they mean in plain words.
// S3: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
// IAM/STS common errors: https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html
// VpceAccessDenied (network activity events): https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-network-events-with-cloudtrail.html

export interface ErrorCodeDescription {
  code: string;
  meaning: string;
  /** What it usually means for an investigation. */
  hint?: string;
  reference: string;
}

const S3_ERRORS = 'https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html';
const COMMON_ERRORS = 'https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html';
const NETWORK_EVENTS = 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-network-events-with-cloudtrail.html';

const ENTRIES: ReadonlyArray<readonly [string, string, string | undefined, string]> = [
  [
    'AccessDenied',
    'Access was denied: no policy allowed the action, or a policy (bucket policy, SCP, permissions boundary, session policy, Block Public Access, ACL) denied it.',
    'Repeated AccessDenied from one principal can mean reconnaissance or a misconfigured role. For a cross-account caller, its copy may blank the bucket owner account id.',
    S3_ERRORS,
  ],
  [
    'AccessDeniedException',
    'Access was denied: the principal is not authorized for this action on this resource.',
    'Check the identity-based and resource-based policies and any SCP.',
    COMMON_ERRORS,
  ],
  ['AllAccessDisabled', 'All access to this Amazon S3 resource has been disabled.', undefined, S3_ERRORS],
  ['NoSuchBucket', 'The bucket does not exist.', 'Probing for bucket names, or a deleted bucket still referenced.', S3_ERRORS],
  ['NoSuchKey', 'The object key does not exist.', 'Guessing keys, or reading an object that was deleted or never written.', S3_ERRORS],
  ['NoSuchVersion', 'The version id does not match an existing version of the object.', undefined, S3_ERRORS],
  ['NoSuchUpload', 'The multipart upload does not exist (aborted or completed).', undefined, S3_ERRORS],
  [
    'NoSuchBucketPolicy',
    'The bucket has no bucket policy.',
    'Normal for GetBucketPolicy on buckets without a policy (often from scanners).',
    S3_ERRORS,
  ],
  ['NoSuchCORSConfiguration', 'The bucket has no CORS configuration.', 'Normal answer to GetBucketCors when none is set.', S3_ERRORS],
  ['NoSuchLifecycleConfiguration', 'The bucket has no lifecycle configuration.', 'Normal answer to GetBucketLifecycle when none is set.', S3_ERRORS],
  ['NoSuchWebsiteConfiguration', 'The bucket has no website configuration.', 'Normal answer to GetBucketWebsite when none is set.', S3_ERRORS],
  ['NoSuchTagSet', 'The bucket or object has no tags.', 'Normal answer to GetBucketTagging when no tag is set.', S3_ERRORS],
  ['NoSuchTagSetError', 'The bucket has no tags.', 'Normal answer to GetBucketTagging when no tag is set.', S3_ERRORS],
  [
    'NoSuchPublicAccessBlockConfiguration',
    'No Block Public Access configuration is set for the bucket or account.',
    'Worth a look: public access is not blocked at this level.',
    S3_ERRORS,
  ],
  ['ServerSideEncryptionConfigurationNotFoundError', 'The bucket has no default encryption configuration.', undefined, S3_ERRORS],
  ['ReplicationConfigurationNotFoundError', 'The bucket has no replication configuration.', undefined, S3_ERRORS],
  ['ObjectLockConfigurationNotFoundError', 'The bucket has no Object Lock configuration.', undefined, S3_ERRORS],
  ['OwnershipControlsNotFoundError', 'The bucket has no Object Ownership controls.', undefined, S3_ERRORS],
  ['BucketAlreadyExists', 'The bucket name is taken by another account (bucket names are global).', undefined, S3_ERRORS],
  ['BucketAlreadyOwnedByYou', 'The bucket already exists and belongs to this account.', undefined, S3_ERRORS],
  ['BucketNotEmpty', 'The bucket cannot be deleted because it still holds objects.', undefined, S3_ERRORS],
  ['InvalidAccessKeyId', 'The access key id does not exist in AWS records.', 'A deleted, mistyped or forged key.', S3_ERRORS],
  [
    'SignatureDoesNotMatch',
    'The request signature does not match: wrong secret key or a tampered request.',
    'Repeated failures can mean someone tries a leaked key id without its secret.',
    S3_ERRORS,
  ],
  ['ExpiredToken', 'The session token has expired.', undefined, S3_ERRORS],
  ['InvalidToken', 'The session token is malformed or invalid.', undefined, S3_ERRORS],
  ['TokenRefreshRequired', 'The session token must be refreshed.', undefined, S3_ERRORS],
  ['RequestTimeTooSkewed', "The request time differs too much from the server's time.", 'A client with a wrong clock.', S3_ERRORS],
  ['InvalidBucketName', 'The bucket name is not valid.', undefined, S3_ERRORS],
  ['InvalidRequest', 'The request is not valid for this resource or configuration.', undefined, S3_ERRORS],
  ['InvalidArgument', 'An argument of the request is not valid.', undefined, S3_ERRORS],
  [
    'InvalidObjectState',
    'The operation is not valid for the object in its current state (for example an archived object that is not restored).',
    undefined,
    S3_ERRORS,
  ],
  ['MethodNotAllowed', 'The method is not allowed against this resource.', undefined, S3_ERRORS],
  ['PreconditionFailed', 'A precondition of the request (If-Match and the like) was not met.', undefined, S3_ERRORS],
  ['PermanentRedirect', 'The bucket must be addressed through its own Regional endpoint.', undefined, S3_ERRORS],
  ['AuthorizationHeaderMalformed', 'The authorization header is malformed (often the wrong Region in the signature).', undefined, S3_ERRORS],
  ['IllegalLocationConstraintException', 'The bucket was addressed in a Region other than its own.', undefined, S3_ERRORS],
  ['MalformedPolicy', 'The policy document is not valid.', undefined, S3_ERRORS],
  ['MalformedXML', 'The XML body of the request is not well formed or not valid.', undefined, S3_ERRORS],
  ['EntityTooLarge', 'The upload is larger than the maximum allowed size.', undefined, S3_ERRORS],
  ['SlowDown', 'Amazon S3 throttled the request: reduce the request rate.', undefined, S3_ERRORS],
  ['InternalError', 'An internal error occurred on the AWS side; retry.', undefined, S3_ERRORS],
  ['ServiceUnavailable', 'The service is unavailable; retry.', undefined, S3_ERRORS],
  ['UnauthorizedOperation', 'The principal is not authorized to perform this operation (Amazon EC2).', undefined, COMMON_ERRORS],
  ['InvalidClientTokenId', 'The access key id or security token does not exist in AWS records.', 'A deleted or forged key.', COMMON_ERRORS],
  ['UnrecognizedClientException', 'The security token is not valid.', undefined, COMMON_ERRORS],
  ['NoSuchEntity', 'The IAM entity (user, role, policy…) does not exist.', 'Enumeration of IAM names.', COMMON_ERRORS],
  ['NoSuchEntityException', 'The IAM entity (user, role, policy…) does not exist.', 'Enumeration of IAM names.', COMMON_ERRORS],
  ['EntityAlreadyExists', 'The IAM entity already exists.', undefined, COMMON_ERRORS],
  ['LimitExceeded', 'A service quota was exceeded.', undefined, COMMON_ERRORS],
  ['ThrottlingException', 'The request was throttled: too many requests.', undefined, COMMON_ERRORS],
  ['Throttling', 'The request was throttled: too many requests.', undefined, COMMON_ERRORS],
  ['ValidationError', 'An input failed validation.', undefined, COMMON_ERRORS],
  ['ValidationException', 'An input failed validation.', undefined, COMMON_ERRORS],
  [
    'VpceAccessDenied',
    'The VPC endpoint policy denied the request (network activity event).',
    'Such requests are not delivered as S3 events to the requester or the bucket owner.',
    NETWORK_EVENTS,
  ],
];

export const ERROR_CODES: ReadonlyMap<string, ErrorCodeDescription> = new Map(
  ENTRIES.map(([code, meaning, hint, reference]) => [code, hint === undefined ? { code, meaning, reference } : { code, meaning, hint, reference }]),
);

/** Amazon EC2 prefixes client errors with `Client.` (e.g. Client.UnauthorizedOperation). */
const CLIENT_PREFIX = 'Client.';

export function describeErrorCode(code: string): ErrorCodeDescription | null {
  const bare = code.startsWith(CLIENT_PREFIX) ? code.slice(CLIENT_PREFIX.length) : code;
  return ERROR_CODES.get(bare) ?? null;
}

//! Per-parameter exceptions the AWS CLI makes: parameters whose `file://` values are not
//! loaded (they are URLs or paths the service itself takes) and the legacy list shorthand.

/// `service.operation.parameter` names (CLI spellings) whose values are never read as files.
const PARAMFILE_DISABLED: &[&str] = &[
    "api-gateway.put-integration.uri",
    "api-gateway.create-integration.integration-uri",
    "api-gateway.update-integration.integration-uri",
    "api-gateway.create-api.target",
    "api-gateway.update-api.target",
    "appstream.create-stack.redirect-url",
    "appstream.create-stack.feedback-url",
    "appstream.update-stack.redirect-url",
    "appstream.update-stack.feedback-url",
    "cloudformation.create-stack.template-url",
    "cloudformation.update-stack.template-url",
    "cloudformation.create-stack-set.template-url",
    "cloudformation.update-stack-set.template-url",
    "cloudformation.create-change-set.template-url",
    "cloudformation.validate-template.template-url",
    "cloudformation.estimate-template-cost.template-url",
    "cloudformation.get-template-summary.template-url",
    "cloudformation.create-stack.stack-policy-url",
    "cloudformation.update-stack.stack-policy-url",
    "cloudformation.set-stack-policy.stack-policy-url",
    "custom.package.template-file",
    "custom.deploy.template-file",
    "cloudformation.update-stack.stack-policy-during-update-url",
    "cloudformation.register-type.schema-handler-package",
    "custom.cp.website-redirect",
    "custom.mv.website-redirect",
    "custom.sync.website-redirect",
    "guardduty.create-ip-set.location",
    "guardduty.update-ip-set.location",
    "guardduty.create-threat-intel-set.location",
    "guardduty.update-threat-intel-set.location",
    "comprehend.detect-dominant-language.text",
    "comprehend.batch-detect-dominant-language.text-list",
    "comprehend.detect-entities.text",
    "comprehend.batch-detect-entities.text-list",
    "comprehend.detect-key-phrases.text",
    "comprehend.batch-detect-key-phrases.text-list",
    "comprehend.detect-sentiment.text",
    "comprehend.batch-detect-sentiment.text-list",
    "emr.create-studio.idp-auth-url",
    "iam.create-open-id-connect-provider.url",
    "machine-learning.predict.predict-endpoint",
    "mediatailor.put-playback-configuration.ad-decision-server-url",
    "mediatailor.put-playback-configuration.slate-ad-url",
    "mediatailor.put-playback-configuration.video-content-source-url",
    "rds.copy-db-cluster-snapshot.pre-signed-url",
    "rds.create-db-cluster.pre-signed-url",
    "rds.copy-db-snapshot.pre-signed-url",
    "rds.create-db-instance-read-replica.pre-signed-url",
    "sagemaker.create-notebook-instance.default-code-repository",
    "sagemaker.create-notebook-instance.additional-code-repositories",
    "sagemaker.update-notebook-instance.default-code-repository",
    "sagemaker.update-notebook-instance.additional-code-repositories",
    "serverlessapplicationrepository.create-application.home-page-url",
    "serverlessapplicationrepository.create-application.license-url",
    "serverlessapplicationrepository.create-application.readme-url",
    "serverlessapplicationrepository.create-application.source-code-url",
    "serverlessapplicationrepository.create-application.template-url",
    "serverlessapplicationrepository.create-application-version.source-code-url",
    "serverlessapplicationrepository.create-application-version.template-url",
    "serverlessapplicationrepository.update-application.home-page-url",
    "serverlessapplicationrepository.update-application.readme-url",
    "service-catalog.create-product.support-url",
    "service-catalog.update-product.support-url",
    "ses.create-custom-verification-email-template.failure-redirection-url",
    "ses.create-custom-verification-email-template.success-redirection-url",
    "ses.put-account-details.website-url",
    "ses.update-custom-verification-email-template.failure-redirection-url",
    "ses.update-custom-verification-email-template.success-redirection-url",
    "sqs.add-permission.queue-url",
    "sqs.change-message-visibility.queue-url",
    "sqs.change-message-visibility-batch.queue-url",
    "sqs.delete-message.queue-url",
    "sqs.delete-message-batch.queue-url",
    "sqs.delete-queue.queue-url",
    "sqs.get-queue-attributes.queue-url",
    "sqs.list-dead-letter-source-queues.queue-url",
    "sqs.receive-message.queue-url",
    "sqs.remove-permission.queue-url",
    "sqs.send-message.queue-url",
    "sqs.send-message-batch.queue-url",
    "sqs.set-queue-attributes.queue-url",
    "sqs.purge-queue.queue-url",
    "sqs.list-queue-tags.queue-url",
    "sqs.tag-queue.queue-url",
    "sqs.untag-queue.queue-url",
    "s3.copy-object.website-redirect-location",
    "s3.create-multipart-upload.website-redirect-location",
    "s3.put-object.website-redirect-location",
    "sns.subscribe.notification-endpoint",
    "iot.create-job.document-source",
    "translate.translate-text.text",
    "workdocs.create-notification-subscription.notification-endpoint",
];

/// Whether `file://`/`fileb://` loading is turned off for this parameter. `service` is the
/// CLI's name for the service (or `custom` for custom commands), `operation` and `param` the
/// kebab-case names without dashes.
pub fn paramfile_disabled(service: &str, operation: &str, param: &str) -> bool {
    PARAMFILE_DISABLED.iter().any(|q| {
        let mut parts = q.splitn(3, '.');
        parts.next() == Some(service)
            && parts.next() == Some(operation)
            && parts.next() == Some(param)
    })
}

/// Lists of one-member structures that also take bare values (`--instances i-1 i-2`), kept
/// for compatibility: `(service id, operation, parameter)`.
const OLD_LIST_CASES: &[(&str, &str, &str)] = &[
    ("firehose", "put-record-batch", "records"),
    (
        "workspaces",
        "reboot-workspaces",
        "reboot-workspace-requests",
    ),
    (
        "workspaces",
        "rebuild-workspaces",
        "rebuild-workspace-requests",
    ),
    (
        "workspaces",
        "terminate-workspaces",
        "terminate-workspace-requests",
    ),
    ("elastic-load-balancing", "remove-tags", "tags"),
    (
        "elastic-load-balancing",
        "describe-instance-health",
        "instances",
    ),
    (
        "elastic-load-balancing",
        "deregister-instances-from-load-balancer",
        "instances",
    ),
    (
        "elastic-load-balancing",
        "register-instances-with-load-balancer",
        "instances",
    ),
];

/// Whether this list parameter uses the legacy bare-value shorthand. `service_id` is the
/// model's service id in lower case with spaces as dashes (e.g. `elastic-load-balancing`).
pub fn uses_old_list_case(service_id: &str, operation: &str, param: &str) -> bool {
    OLD_LIST_CASES.contains(&(service_id, operation, param))
}

//! botocore's `xform_name`: `DescribeInstances` → `describe-instances` / `describe_instances`.

use regex::Regex;
use std::sync::LazyLock;

static FIRST_CAP: LazyLock<Regex> = LazyLock::new(|| Regex::new("(.)([A-Z][a-z]+)").unwrap());
static END_CAP: LazyLock<Regex> = LazyLock::new(|| Regex::new("([a-z0-9])([A-Z])").unwrap());
static SPECIAL_PLURAL: LazyLock<Regex> = LazyLock::new(|| Regex::new("[A-Z]{2,}s$").unwrap());

/// Names transformed by table rather than by the regular rules: botocore's `_xform_cache`, plus
/// the OAuth2 and OTel operations whose commands the AWS CLI v2 renames after the transform
/// (`create-o-auth2-token` → `create-oauth2-token`, `get-o-tel-enrichment` →
/// `get-otel-enrichment`, in its `signin` and `cloudwatch` customizations).
const SPECIAL_CASES: &[(&str, &str)] = &[
    ("CreateCachediSCSIVolume", "create_cached_iscsi_volume"),
    (
        "DescribeCachediSCSIVolumes",
        "describe_cached_iscsi_volumes",
    ),
    (
        "DescribeStorediSCSIVolumes",
        "describe_stored_iscsi_volumes",
    ),
    ("CreateStorediSCSIVolume", "create_stored_iscsi_volume"),
    (
        "ListHITsForQualificationType",
        "list_hits_for_qualification_type",
    ),
    ("ExecutePartiQLStatement", "execute_partiql_statement"),
    ("ExecutePartiQLTransaction", "execute_partiql_transaction"),
    ("ExecutePartiQLBatch", "execute_partiql_batch"),
    ("CreateOAuth2Token", "create_oauth2_token"),
    ("CreateOAuth2TokenWithIAM", "create_oauth2_token_with_iam"),
    (
        "IntrospectOAuth2TokenWithIAM",
        "introspect_oauth2_token_with_iam",
    ),
    ("RevokeOAuth2TokenWithIAM", "revoke_oauth2_token_with_iam"),
    (
        "AssociateWhatsAppBusinessAccount",
        "associate_whatsapp_business_account",
    ),
    ("CreateWhatsAppDataset", "create_whatsapp_dataset"),
    ("CreateWhatsAppFlow", "create_whatsapp_flow"),
    (
        "CreateWhatsAppMessageTemplate",
        "create_whatsapp_message_template",
    ),
    (
        "CreateWhatsAppMessageTemplateFromLibrary",
        "create_whatsapp_message_template_from_library",
    ),
    (
        "CreateWhatsAppMessageTemplateMedia",
        "create_whatsapp_message_template_media",
    ),
    ("DeleteWhatsAppFlow", "delete_whatsapp_flow"),
    (
        "DeleteWhatsAppMessageMedia",
        "delete_whatsapp_message_media",
    ),
    (
        "DeleteWhatsAppMessageTemplate",
        "delete_whatsapp_message_template",
    ),
    ("DeprecateWhatsAppFlow", "deprecate_whatsapp_flow"),
    (
        "DisassociateWhatsAppBusinessAccount",
        "disassociate_whatsapp_business_account",
    ),
    (
        "GetLinkedWhatsAppBusinessAccount",
        "get_linked_whatsapp_business_account",
    ),
    (
        "GetLinkedWhatsAppBusinessAccountPhoneNumber",
        "get_linked_whatsapp_business_account_phone_number",
    ),
    ("GetOTelEnrichment", "get_otel_enrichment"),
    ("GetWhatsAppFlow", "get_whatsapp_flow"),
    ("GetWhatsAppFlowPreview", "get_whatsapp_flow_preview"),
    ("GetWhatsAppMessageMedia", "get_whatsapp_message_media"),
    (
        "GetWhatsAppMessageTemplate",
        "get_whatsapp_message_template",
    ),
    (
        "ListLinkedWhatsAppBusinessAccounts",
        "list_linked_whatsapp_business_accounts",
    ),
    ("ListWhatsAppFlowAssets", "list_whatsapp_flow_assets"),
    ("ListWhatsAppFlows", "list_whatsapp_flows"),
    (
        "ListWhatsAppMessageTemplates",
        "list_whatsapp_message_templates",
    ),
    (
        "ListWhatsAppTemplateLibrary",
        "list_whatsapp_template_library",
    ),
    ("PostWhatsAppMessageMedia", "post_whatsapp_message_media"),
    ("PublishWhatsAppFlow", "publish_whatsapp_flow"),
    (
        "PutWhatsAppBusinessAccountEventDestinations",
        "put_whatsapp_business_account_event_destinations",
    ),
    (
        "SendWhatsAppConversionEvent",
        "send_whatsapp_conversion_event",
    ),
    ("SendWhatsAppMessage", "send_whatsapp_message"),
    ("StartOTelEnrichment", "start_otel_enrichment"),
    ("StopOTelEnrichment", "stop_otel_enrichment"),
    ("UpdateWhatsAppFlow", "update_whatsapp_flow"),
    ("UpdateWhatsAppFlowAssets", "update_whatsapp_flow_assets"),
    (
        "UpdateWhatsAppMessageTemplate",
        "update_whatsapp_message_template",
    ),
];

/// Converts a CamelCase model name the way botocore's `xform_name` does, with `sep` between
/// words (`'-'` for CLI names). A name that already contains `sep` is returned unchanged.
pub fn xform_name(name: &str, sep: char) -> String {
    if name.contains(sep) {
        return name.to_owned();
    }
    if let Some((_, snake)) = SPECIAL_CASES.iter().find(|(camel, _)| *camel == name) {
        return snake.replace('_', &sep.to_string());
    }
    let mut name = name.to_owned();
    if let Some(m) = SPECIAL_PLURAL.find(&name) {
        let matched = m.as_str().to_lowercase();
        name = format!("{}{sep}{matched}", &name[..m.start()]);
    }
    let replacement = format!("${{1}}{sep}${{2}}");
    let s1 = FIRST_CAP.replace_all(&name, replacement.as_str());
    END_CAP
        .replace_all(&s1, replacement.as_str())
        .to_lowercase()
}

/// The CLI name of an operation or parameter: `ListObjectsV2` → `list-objects-v2`.
pub fn cli_name(name: &str) -> String {
    xform_name(name, '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transforms_like_botocore() {
        assert_eq!(cli_name("DescribeInstances"), "describe-instances");
        assert_eq!(cli_name("ListObjectsV2"), "list-objects-v2");
        assert_eq!(cli_name("GatewayARNs"), "gateway-arns");
        assert_eq!(
            cli_name("CreateCachediSCSIVolume"),
            "create-cached-iscsi-volume"
        );
        assert_eq!(cli_name("DryRun"), "dry-run");
        assert_eq!(cli_name("already-dashed"), "already-dashed");
        assert_eq!(xform_name("ListWebACLs", '_'), "list_web_acls");
    }
}

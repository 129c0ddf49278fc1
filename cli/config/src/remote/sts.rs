//! STS `AssumeRole` and `AssumeRoleWithWebIdentity` through the core client.

use std::sync::Arc;

use aws2_client::Signing;
use aws2_core::Value;
use serde_json::{json, Map};

use super::{call, text_member, time_member, ServiceClients};
use crate::credentials::clients::{
    AssumeRoleRequest, RoleCredentials, StsClient, WebIdentityRequest,
};
use crate::credentials::Credentials;
use crate::error::{ConfigError, Result};

/// [`StsClient`] over HTTP.
pub struct HttpStsClient {
    clients: Arc<ServiceClients>,
}

impl HttpStsClient {
    /// Uses the shared endpoint settings and sender.
    pub fn new(clients: Arc<ServiceClients>) -> Self {
        HttpStsClient { clients }
    }
}

fn put(map: &mut Map<String, serde_json::Value>, key: &str, value: Option<serde_json::Value>) {
    if let Some(v) = value {
        map.insert(key.to_string(), v);
    }
}

/// The `AssumeRole` input.
pub fn assume_role_input(request: &AssumeRoleRequest) -> Value {
    let mut map = Map::new();
    map.insert("RoleArn".into(), json!(request.role_arn));
    map.insert("RoleSessionName".into(), json!(request.role_session_name));
    put(
        &mut map,
        "ExternalId",
        request.external_id.as_ref().map(|v| json!(v)),
    );
    put(
        &mut map,
        "SerialNumber",
        request.serial_number.as_ref().map(|v| json!(v)),
    );
    put(
        &mut map,
        "TokenCode",
        request.token_code.as_ref().map(|v| json!(v)),
    );
    put(
        &mut map,
        "DurationSeconds",
        request.duration_seconds.map(|v| json!(v)),
    );
    Value::from_json(&serde_json::Value::Object(map))
}

/// The `AssumeRoleWithWebIdentity` input.
pub fn web_identity_input(request: &WebIdentityRequest) -> Value {
    let mut map = Map::new();
    map.insert("RoleArn".into(), json!(request.role_arn));
    map.insert("RoleSessionName".into(), json!(request.role_session_name));
    map.insert("WebIdentityToken".into(), json!(request.web_identity_token));
    put(
        &mut map,
        "DurationSeconds",
        request.duration_seconds.map(|v| json!(v)),
    );
    Value::from_json(&serde_json::Value::Object(map))
}

/// The role credentials of an STS response (`Credentials` and `AssumedRoleUser`).
pub fn role_from_output(provider: &str, output: &Value) -> Result<RoleCredentials> {
    let missing = || ConfigError::CredentialRetrieval {
        provider: provider.to_string(),
        message: "the STS response has no complete Credentials".into(),
    };
    let c = output.get("Credentials").ok_or_else(missing)?;
    let mut credentials = Credentials::new(
        text_member(c, "AccessKeyId").ok_or_else(missing)?,
        text_member(c, "SecretAccessKey").ok_or_else(missing)?,
    );
    credentials.session_token = text_member(c, "SessionToken");
    credentials.expiration = time_member(c, "Expiration", false);
    let user = output.get("AssumedRoleUser");
    Ok(RoleCredentials {
        credentials,
        assumed_role_arn: user.and_then(|u| text_member(u, "Arn")),
        assumed_role_id: user.and_then(|u| text_member(u, "AssumedRoleId")),
    })
}

impl StsClient for HttpStsClient {
    fn assume_role(
        &self,
        source: &Credentials,
        region: Option<&str>,
        request: &AssumeRoleRequest,
    ) -> Result<RoleCredentials> {
        let provider = "assume-role";
        let client = self.clients.client(
            provider,
            "sts",
            region,
            Signing::Credentials(source.clone().into()),
        )?;
        let output = call(&client, provider, "AssumeRole", &assume_role_input(request))?;
        role_from_output(provider, &output)
    }

    fn assume_role_with_web_identity(
        &self,
        region: Option<&str>,
        request: &WebIdentityRequest,
    ) -> Result<RoleCredentials> {
        let provider = "assume-role-with-web-identity";
        let client = self
            .clients
            .client(provider, "sts", region, Signing::Anonymous)?;
        let input = web_identity_input(request);
        let output = call(&client, provider, "AssumeRoleWithWebIdentity", &input)?;
        role_from_output(provider, &output)
    }
}

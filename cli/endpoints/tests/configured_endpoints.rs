//! Configured endpoint URL precedence: every case of the AWS CLI v2 release's
//! `functional/botocore/configured_endpoint_urls/profile-tests.json`, plus the per-service environment
//! variable and `[services]` key names for every shipped service.

mod common;

use std::collections::HashMap;

use aws2_endpoints::{configured_endpoint_url, EndpointConfig, Params, RuleSet};
use common::{cli_v2_functional, read_json};
use serde_json::Value;

type Section = HashMap<String, String>;
type Subsections = HashMap<String, HashMap<String, String>>;

/// A config file read the minimal way the cases need: `[profile x]` and `[services y]` sections,
/// `key = value` lines, and `key =` followed by indented `sub = value` lines (a nested section).
#[derive(Default)]
struct ConfigFile {
    profiles: HashMap<String, Section>,
    services: HashMap<String, Subsections>,
}

fn parse_config(text: &str) -> ConfigFile {
    let mut file = ConfigFile::default();
    let mut section: Option<(bool, String)> = None; // (is_services, name)
    let mut nested_key: Option<String> = None;
    for line in text.lines() {
        if line.trim().is_empty() {
            continue;
        }
        if let Some(header) = line
            .trim()
            .strip_prefix('[')
            .and_then(|l| l.strip_suffix(']'))
        {
            nested_key = None;
            section = if let Some(name) = header.strip_prefix("profile ") {
                file.profiles.entry(name.trim().to_owned()).or_default();
                Some((false, name.trim().to_owned()))
            } else if let Some(name) = header.strip_prefix("services ") {
                file.services.entry(name.trim().to_owned()).or_default();
                Some((true, name.trim().to_owned()))
            } else {
                None
            };
            continue;
        }
        let Some((is_services, name)) = &section else {
            continue;
        };
        let (key, value) = line.split_once('=').expect("key = value");
        let (key, value) = (key.trim().to_owned(), value.trim().to_owned());
        let indented = line.starts_with([' ', '\t']);
        if indented {
            let parent = nested_key
                .clone()
                .expect("nested value without a parent key");
            if *is_services {
                file.services
                    .get_mut(name)
                    .unwrap()
                    .entry(parent)
                    .or_default()
                    .insert(key, value);
            }
        } else if value.is_empty() {
            nested_key = Some(key);
        } else {
            nested_key = None;
            if !*is_services {
                file.profiles.get_mut(name).unwrap().insert(key, value);
            }
        }
    }
    file
}

/// Writes a section the way botocore's test does.
fn ini_section(settings: &Value, header: &str) -> String {
    let mut out = format!("[{header}]\n");
    for (key, value) in settings.as_object().unwrap() {
        match value {
            Value::Object(nested) => {
                out.push_str(&format!("{key} =\n"));
                for (k, v) in nested {
                    out.push_str(&format!("  {k}={}\n", v.as_str().unwrap()));
                }
            }
            other => out.push_str(&format!("{key}={}\n", other.as_str().unwrap())),
        }
    }
    out + "\n"
}

fn service_id(model_name: &str) -> String {
    let blob = aws2_models::ServiceBlob::load(model_name).unwrap();
    blob.index().metadata["serviceId"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// `scheme://netloc` of a URL.
fn scheme_and_authority(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let authority = rest.split(['/', '?', '#']).next().unwrap();
    format!("{scheme}://{authority}")
}

#[test]
fn profile_tests_precedence() {
    let doc = read_json(&cli_v2_functional().join("configured_endpoint_urls/profile-tests.json"));
    let suite = &doc["testSuites"][0];
    let cases = suite["endpointUrlTests"].as_array().unwrap();
    let mut rule_sets: HashMap<String, RuleSet> = HashMap::new();
    let (mut passed, mut failures) = (0usize, Vec::new());
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let profile_name = case["profile"].as_str().unwrap();
        let service = case["service"].as_str().unwrap();
        let profile_json = &suite["profiles"][profile_name];
        let mut config_text = ini_section(profile_json, &format!("profile {profile_name}"));
        if let Some(services_name) = profile_json.get("services").and_then(Value::as_str) {
            config_text += &ini_section(
                &suite["services"][services_name],
                &format!("services {services_name}"),
            );
        }
        let file = parse_config(&config_text);
        let profile = &file.profiles[profile_name];
        let services = profile.get("services").and_then(|n| file.services.get(n));
        let env: HashMap<String, String> = suite["environments"]
            .get(case["environment"].as_str().unwrap())
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
                    .collect()
            })
            .unwrap_or_default();
        let client = suite["client_configs"]
            .get(case["client_config"].as_str().unwrap())
            .cloned()
            .unwrap_or_default();
        let sid = service_id(service);
        let config = EndpointConfig {
            service_id: &sid,
            cli_endpoint_url: client.get("endpoint_url").and_then(Value::as_str),
            ignore_override: client
                .get("ignore_configured_endpoint_urls")
                .and_then(Value::as_bool),
            env: &env,
            profile,
            services,
        };
        let configured = configured_endpoint_url(&config);
        // Without a configured URL the endpoint rules decide, from the profile's region.
        let actual = match configured {
            Ok(Some(url)) => Ok(url),
            Ok(None) => {
                let rules = rule_sets
                    .entry(service.to_owned())
                    .or_insert_with(|| RuleSet::for_service(service).unwrap());
                let mut params = Params::new();
                if let Some(region) = profile.get("region") {
                    params.set("Region", region.as_str());
                }
                rules.resolve(&params).map(|e| e.url)
            }
            Err(e) => Err(e),
        };
        let expected = case["output"]["endpointUrl"].as_str().unwrap();
        match actual {
            Ok(url) if scheme_and_authority(&url) == expected => passed += 1,
            other => failures.push(format!("{name}: expected {expected}, got {other:?}")),
        }
    }
    let summary = format!(
        "aws-cli-v2 configured endpoint urls: {passed}/{} passed",
        cases.len()
    );
    println!("{summary}");
    eprintln!("{summary}");
    assert!(failures.is_empty(), "{failures:#?}");
    assert_eq!(cases.len(), 39);
}

#[test]
fn every_service_honours_its_env_var_and_services_key() {
    let services = aws2_models::services().unwrap();
    let no_env = HashMap::new();
    let mut checked = 0;
    for entry in services {
        let sid = service_id(&entry.model_name);
        let profile = Section::from([("services".to_owned(), "my-services".to_owned())]);

        let env = HashMap::from([(
            format!("AWS_ENDPOINT_URL_{}", sid.replace(' ', "_").to_uppercase()),
            "https://endpoint-override".to_owned(),
        )]);
        let empty_services = Subsections::new();
        let config = EndpointConfig {
            service_id: &sid,
            cli_endpoint_url: None,
            ignore_override: None,
            env: &env,
            profile: &profile,
            services: Some(&empty_services),
        };
        assert_eq!(
            configured_endpoint_url(&config).unwrap().as_deref(),
            Some("https://endpoint-override"),
            "env var of {sid}"
        );

        let section = Subsections::from([(
            sid.replace(' ', "_").to_lowercase(),
            HashMap::from([(
                "endpoint_url".to_owned(),
                "https://section-override".to_owned(),
            )]),
        )]);
        let config = EndpointConfig {
            env: &no_env,
            services: Some(&section),
            ..config
        };
        assert_eq!(
            configured_endpoint_url(&config).unwrap().as_deref(),
            Some("https://section-override"),
            "services key of {sid}"
        );
        checked += 1;
    }
    eprintln!(
        "service endpoint env vars and services keys: {checked}/{}",
        services.len()
    );
    assert!(checked > 400);
}

#[test]
fn ignore_setting_from_env_outranks_profile() {
    let profile = Section::from([
        ("endpoint_url".to_owned(), "https://profile".to_owned()),
        (
            "ignore_configured_endpoint_urls".to_owned(),
            "true".to_owned(),
        ),
    ]);
    let env = HashMap::from([(
        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS".to_owned(),
        "false".to_owned(),
    )]);
    let config = EndpointConfig {
        service_id: "S3",
        cli_endpoint_url: None,
        ignore_override: None,
        env: &env,
        profile: &profile,
        services: None,
    };
    assert_eq!(
        configured_endpoint_url(&config).unwrap().as_deref(),
        Some("https://profile")
    );
    let no_env = HashMap::new();
    let config = EndpointConfig {
        env: &no_env,
        ..config
    };
    assert_eq!(configured_endpoint_url(&config).unwrap(), None);
    let config = EndpointConfig {
        cli_endpoint_url: Some("http://cli"),
        ..config
    };
    assert_eq!(
        configured_endpoint_url(&config).unwrap().as_deref(),
        Some("http://cli")
    );
}

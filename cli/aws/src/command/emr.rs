//! `aws emr add-steps`, beside the operations of the EMR API: steps written in the AWS CLI's
//! step shorthand (`Type=CUSTOM_JAR|STREAMING|HIVE|PIG|IMPALA|SPARK,...`). Its run reads the
//! cluster's release label (`DescribeCluster`), turns each step into the `HadoopJarStep` it
//! stands for, and calls `AddJobFlowSteps`, printed as that operation's output is. Clusters
//! without a release label (AMI versions) get the regional script runner and scripts of
//! `s3://REGION.elasticmapreduce`.

use crate::args::custom;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::session;
use aws2_params::{ArgValue, ParamKind, ParamValue, Shape, UnpackOptions};
use serde_json::{json, Map, Value as Json};
use std::sync::Arc;
use super::spec::{CommandSpec, GroupSpec, Nargs, OptionSpec as O};

/// The `emr` commands the CLI adds to the service.
pub const GROUP: GroupSpec = GroupSpec {
    name: "emr",
    description: "Amazon EMR, with the commands the CLI adds to its API.",
    extends_service: true,
    own: None,
    commands: &[CommandSpec {
        name: "add-steps",
        description: "Add a list of steps to a cluster.",
        options: &[
            O::value(
                "cluster-id",
                "The ID of the cluster (j-...) to add the steps to.",
            )
            .required(),
            O::value(
                "steps",
                "The steps, one shorthand value (or JSON) each: Type (CUSTOM_JAR, the default, \
                 STREAMING, HIVE, PIG, IMPALA or SPARK), Name, ActionOnFailure (CONTINUE, the \
                 default, CANCEL_AND_WAIT or TERMINATE_CLUSTER), Jar and MainClass (custom JAR \
                 steps), Args, Properties (k1=v1,k2=v2), LogUri and EncryptionKeyArn.",
            )
            .nargs(Nargs::OneOrMore)
            .typed("list")
            .required(),
            O::value(
                "execution-role-arn",
                "The IAM role the steps run as (runtime roles of the cluster).",
            ),
        ],
    }],
};

/// Runs `aws emr add-steps` (`words` from `emr` on; the only command the CLI adds to `emr`
/// here).
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let spec = GROUP.command("add-steps").expect("emr add-steps is declared");
    let args = custom::parse(spec, &words[2..])?;
    let cluster_id = args.value("cluster-id").unwrap_or_default().to_owned();
    let session = session::config_session(globals);
    let region = match &globals.region {
        Some(r) => Some(r.clone()),
        None => session.region_opt().map_err(CliError::from)?,
    };
    let release = release_label(globals, &session, &cluster_id)?;
    let steps = parse_steps(&args.values("steps"))?;
    let region = region.unwrap_or_else(|| "us-east-1".to_owned());
    let steps = steps
        .iter()
        .map(|s| step_config(s, &region, release.as_deref()))
        .collect::<Result<Vec<_>, _>>()?;
    let mut input = json!({ "JobFlowId": cluster_id, "Steps": steps });
    if let Some(role) = args.value("execution-role-arn") {
        input["ExecutionRoleArn"] = Json::String(role.to_owned());
    }
    let words: Vec<String> = vec![
        "emr".into(),
        "add-job-flow-steps".into(),
        "--cli-input-json".into(),
        input.to_string(),
    ];
    crate::app::run_service_command(globals, &words)
}

/// The cluster's `ReleaseLabel`, `None` for clusters of an AMI version.
fn release_label(
    globals: &GlobalOptions,
    session: &aws2_config::Session,
    cluster_id: &str,
) -> Result<Option<String>, CliError> {
    let service = Arc::new(aws2_core::Service::load("emr")?);
    let client = session::client(globals, session, service.clone())?;
    let op = service.operation("DescribeCluster")?;
    let input = aws2_core::Value::from_json(&json!({ "ClusterId": cluster_id }));
    let out = client
        .call(&op, &input)
        .map_err(crate::call_error::call_error)?;
    Ok(out
        .get("Cluster")
        .and_then(|c| c.get("ReleaseLabel"))
        .and_then(aws2_core::Value::as_str)
        .map(str::to_owned))
}

/// The `--steps` values read as the AWS CLI reads them: shorthand or JSON, per its schema.
fn parse_steps(values: &[&str]) -> Result<Vec<Map<String, Json>>, CliError> {
    let text = || Shape::Scalar(ParamKind::String);
    let step = Shape::structure([
        ("Type", text()),
        ("Name", text()),
        ("ActionOnFailure", text()),
        ("Jar", text()),
        ("Args", Shape::list(text())),
        ("MainClass", text()),
        ("Properties", text()),
        ("LogUri", text()),
        ("EncryptionKeyArn", text()),
    ]);
    let shape = Shape::list(step);
    let words = ArgValue::Many(values.iter().map(|v| (*v).to_owned()).collect());
    let parsed = aws2_params::unpack(&&shape, "--steps", words, &UnpackOptions::default())
        .map_err(|e| CliError::validation(e.to_string()))?;
    let ParamValue::Json(Json::Array(items)) = parsed else {
        return Err(CliError::validation("--steps must be a list of steps"));
    };
    Ok(items
        .into_iter()
        .map(|item| match item {
            Json::Object(map) => map,
            _ => Map::new(),
        })
        .collect())
}

const COMMAND_RUNNER: &str = "command-runner.jar";
const DEFAULT_ACTION: &str = "CONTINUE";

/// `s3://REGION.elasticmapreduce` + `path`.
fn s3_link(region: &str, path: &str) -> String {
    format!("s3://{region}.elasticmapreduce{path}")
}

/// `command-runner.jar` on release-label clusters, else the region's script runner.
fn runner(region: &str, release: Option<&str>) -> String {
    match release {
        Some(_) => COMMAND_RUNNER.to_owned(),
        None => s3_link(region, "/libs/script-runner/script-runner.jar"),
    }
}

/// One step's values, as the AWS CLI's step builders read them.
struct Given<'a>(&'a Map<String, Json>);

impl Given<'_> {
    fn text(&self, key: &str) -> Option<String> {
        match self.0.get(key)? {
            Json::String(s) => Some(s.clone()),
            Json::Null => None,
            // Shorthand reads `Properties=k1=v1,k2=v2` as a list of its pieces.
            Json::Array(items) => Some(
                items
                    .iter()
                    .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            other => Some(other.to_string()),
        }
    }

    fn args(&self) -> Option<Vec<String>> {
        match self.0.get("Args")? {
            Json::Array(items) => Some(
                items
                    .iter()
                    .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
                    .collect(),
            ),
            Json::String(s) => Some(vec![s.clone()]),
            _ => None,
        }
    }

    /// The `Args`, which the step type `config` requires (and, `non_empty`, not `[""]`).
    fn required_args(&self, config: &str, non_empty: bool) -> Result<Vec<String>, CliError> {
        let args = self
            .args()
            .filter(|a| !a.is_empty())
            .ok_or_else(|| missing(config, "Args"))?;
        if non_empty && args.len() == 1 && args[0].trim().is_empty() {
            return Err(CliError::validation(
                "The parameter Args cannot be an empty list.",
            ));
        }
        Ok(args)
    }
}

fn missing(config: &str, name: &str) -> CliError {
    CliError::validation(format!(
        "The following required parameters are missing for {config}: {name}."
    ))
}

/// The `StepConfig` of one step.
fn step_config(
    step: &Map<String, Json>,
    region: &str,
    release: Option<&str>,
) -> Result<Json, CliError> {
    let given = Given(step);
    let kind = given
        .text("Type")
        .unwrap_or_else(|| "custom_jar".to_owned())
        .to_lowercase();
    let name = |default: &str| given.text("Name").unwrap_or_else(|| default.to_owned());
    let (name, jar, args, main_class, properties) = match kind.as_str() {
        "custom_jar" => {
            let jar = given
                .text("Jar")
                .filter(|j| !j.is_empty())
                .ok_or_else(|| missing("CustomJARStepConfig", "Jar"))?;
            let properties = given.text("Properties").map(|p| key_values(&p));
            (
                name("Custom JAR"),
                jar,
                given.args(),
                given.text("MainClass"),
                properties,
            )
        }
        "streaming" => {
            let args = given.required_args("StreamingStepConfig", true)?;
            let (jar, mut list) = match release {
                Some(_) => (
                    COMMAND_RUNNER.to_owned(),
                    vec!["hadoop-streaming".to_owned()],
                ),
                None => (
                    "/home/hadoop/contrib/streaming/hadoop-streaming.jar".to_owned(),
                    Vec::new(),
                ),
            };
            list.extend(args);
            (name("Streaming program"), jar, Some(list), None, None)
        }
        "hive" | "pig" => {
            let (config, default) = match kind.as_str() {
                "hive" => ("HiveStepConfig", "Hive program"),
                _ => ("PigStepConfig", "Pig program"),
            };
            let args = given.required_args(config, true)?;
            let list = script_args(&kind, region, release, args);
            (
                name(default),
                runner(region, release),
                Some(list),
                None,
                None,
            )
        }
        "impala" if release.is_none() => {
            let mut list = vec![
                s3_link(region, "/libs/impala/setup-impala"),
                "--run-impala-script".to_owned(),
            ];
            list.extend(given.required_args("ImpalaStepConfig", false)?);
            let jar = runner(region, None);
            (name("Impala program"), jar, Some(list), None, None)
        }
        "spark" => {
            let args = given.required_args("SparkStepConfig", false)?;
            let submit = match release {
                Some(_) => "spark-submit",
                None => "/home/hadoop/spark/bin/spark-submit",
            };
            let mut list = vec![submit.to_owned()];
            list.extend(args);
            (
                name("Spark application"),
                runner(region, release),
                Some(list),
                None,
                None,
            )
        }
        other => {
            return Err(CliError::validation(format!(
                "The step type {other} is not supported."
            )))
        }
    };
    let action = given
        .text("ActionOnFailure")
        .unwrap_or_else(|| DEFAULT_ACTION.to_owned());
    Ok(build_step(
        &name,
        &action,
        jar,
        args,
        main_class,
        properties,
        [given.text("LogUri"), given.text("EncryptionKeyArn")],
    ))
}

/// The arguments of a Hive or Pig script step.
fn script_args(kind: &str, region: &str, release: Option<&str>, args: Vec<String>) -> Vec<String> {
    let mut list = Vec::new();
    match release {
        Some(_) => list.push(format!("{kind}-script")),
        None => list.push(s3_link(region, &format!("/libs/{kind}/{kind}-script"))),
    }
    list.push(format!("--run-{kind}-script"));
    if release.is_none() {
        list.push(format!("--{kind}-versions"));
        list.push("latest".to_owned());
    }
    list.push("--args".to_owned());
    list.extend(args);
    list
}

/// `k1=v1,k2,k3=v3` as `[{"Key": "k1", "Value": "v1"}, {"Key": "k2", "Value": ""}, ...]`.
fn key_values(text: &str) -> Vec<Json> {
    text.split(',')
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            json!({ "Key": key, "Value": value })
        })
        .collect()
}

/// A step with the members that have a value (empty ones are left out, as the AWS CLI does).
fn build_step(
    name: &str,
    action: &str,
    jar: String,
    args: Option<Vec<String>>,
    main_class: Option<String>,
    properties: Option<Vec<Json>>,
    [log_uri, key_arn]: [Option<String>; 2],
) -> Json {
    let mut step = Map::new();
    put_text(&mut step, "Name", Some(name.to_owned()));
    put_text(&mut step, "ActionOnFailure", Some(action.to_owned()));
    let mut jar_step = Map::new();
    jar_step.insert("Jar".into(), Json::String(jar));
    if let Some(args) = args.filter(|a| !a.is_empty()) {
        jar_step.insert("Args".into(), json!(args));
    }
    put_text(&mut jar_step, "MainClass", main_class);
    if let Some(p) = properties.filter(|p| !p.is_empty()) {
        jar_step.insert("Properties".into(), Json::Array(p));
    }
    step.insert("HadoopJarStep".into(), Json::Object(jar_step));
    let mut s3 = Map::new();
    put_text(&mut s3, "LogUri", log_uri);
    put_text(&mut s3, "EncryptionKeyArn", key_arn);
    if !s3.is_empty() {
        step.insert(
            "StepMonitoringConfiguration".into(),
            json!({ "S3MonitoringConfiguration": s3 }),
        );
    }
    Json::Object(step)
}

fn put_text(map: &mut Map<String, Json>, key: &str, value: Option<String>) {
    if let Some(v) = value.filter(|v| !v.is_empty()) {
        map.insert(key.to_owned(), Json::String(v));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(text: &str, release: Option<&str>) -> Result<Json, CliError> {
        let steps = parse_steps(&[text]).unwrap();
        step_config(&steps[0], "eu-west-1", release)
    }

    #[test]
    fn custom_jar_steps_keep_their_arguments_and_properties() {
        let s = step(
            "Type=CUSTOM_JAR,Name=J,Jar=s3://b/j.jar,Args=a,b,MainClass=M,Properties=k=v,x",
            None,
        )
        .unwrap();
        assert_eq!(
            s,
            json!({"Name": "J", "ActionOnFailure": "CONTINUE", "HadoopJarStep": {
                "Jar": "s3://b/j.jar", "Args": ["a", "b"], "MainClass": "M",
                "Properties": [{"Key": "k", "Value": "v"}, {"Key": "x", "Value": ""}]}})
        );
        let err = step("Name=J", None).unwrap_err().to_string();
        assert!(err.contains("CustomJARStepConfig: Jar"), "{err}");
    }

    #[test]
    fn script_steps_depend_on_the_release_label() {
        let ami = step("Type=HIVE,Args=-f,s3://b/q.sql", None).unwrap();
        assert_eq!(
            ami["HadoopJarStep"]["Jar"],
            "s3://eu-west-1.elasticmapreduce/libs/script-runner/script-runner.jar"
        );
        assert_eq!(
            ami["HadoopJarStep"]["Args"],
            json!([
                "s3://eu-west-1.elasticmapreduce/libs/hive/hive-script",
                "--run-hive-script",
                "--hive-versions",
                "latest",
                "--args",
                "-f",
                "s3://b/q.sql"
            ])
        );
        assert_eq!(ami["Name"], "Hive program");
        let release = step("Type=PIG,Args=-f,x", Some("emr-6.0.0")).unwrap();
        assert_eq!(release["HadoopJarStep"]["Jar"], COMMAND_RUNNER);
        assert_eq!(
            release["HadoopJarStep"]["Args"],
            json!(["pig-script", "--run-pig-script", "--args", "-f", "x"])
        );
        let spark = step("Type=Spark,Args=--class,C", Some("emr-6.0.0")).unwrap();
        assert_eq!(
            spark["HadoopJarStep"]["Args"],
            json!(["spark-submit", "--class", "C"])
        );
        let err = step("Type=IMPALA,Args=x", Some("emr-6.0.0")).unwrap_err();
        assert!(err
            .to_string()
            .contains("step type impala is not supported"));
        let err = step("Type=STREAMING", None).unwrap_err();
        assert!(err.to_string().contains("StreamingStepConfig: Args"));
    }
}

//! `aws datapipeline list-runs`, beside the operations of the Data Pipeline API: it queries the
//! pipeline's instances (by actual or scheduled start, by status; by default those started in
//! the last four days), describes them, and prints them sorted by scheduled start and name, in
//! a listing of its own unless `--output` asks for a format.

use super::spec::{CommandSpec, GroupSpec, OptionSpec as O};
use crate::args::custom;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::service_api::{print_response, ServiceApi};
use crate::session;
use aws2_core::Value;
use serde_json::{json, Map, Value as Json};

/// The `datapipeline` command the CLI adds to the service.
pub const GROUP: GroupSpec = GroupSpec {
    name: "datapipeline",
    description: "AWS Data Pipeline, with the commands the CLI adds to its API.",
    extends_service: true,
    own: None,
    commands: &[CommandSpec {
        name: "list-runs",
        description: "Lists the times the specified pipeline has run. You can optionally \
                      filter the complete list of results to include only the runs you are \
                      interested in.",
        options: &[
            O::value("pipeline-id", "The identifier of the pipeline.").required(),
            O::value(
                "status",
                "Filters the list to include only runs in the specified statuses. The valid \
                 statuses are as follows: waiting, pending, cancelled, running, finished, \
                 failed, waiting_for_runner, and waiting_on_dependencies.",
            ),
            O::value(
                "start-interval",
                "Filters the list to include only runs that started within the specified \
                 interval.",
            ),
            O::value(
                "schedule-interval",
                "Filters the list to include only runs that are scheduled to start within \
                 the specified interval.",
            ),
        ],
    }],
};

/// The statuses `--status` accepts.
const VALID_STATUS: &[&str] = &[
    "waiting",
    "pending",
    "cancelled",
    "running",
    "finished",
    "failed",
    "waiting_for_runner",
    "waiting_on_dependencies",
    "shutting_down",
];

/// The most ids one `DescribeObjects` call takes.
const DESCRIBE_BATCH: usize = 100;

/// Runs `aws datapipeline list-runs` (`words` from `datapipeline` on).
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let spec = GROUP.command("list-runs").expect("list-runs is declared");
    let args = custom::parse(spec, &words[2..])?;
    let session = session::config_session(globals);
    let api = ServiceApi::new(globals, &session, "datapipeline")?;
    let split = |name: &str| {
        args.value(name)
            .map(|v| v.split(',').map(|s| s.trim().to_owned()).collect::<Vec<_>>())
    };
    let statuses = split("status");
    for status in statuses.iter().flatten() {
        if !VALID_STATUS.contains(&status.as_str()) {
            return Err(CliError::validation(format!(
                "Invalid status: {status}, must be one of: {}",
                VALID_STATUS.join(", ")
            )));
        }
    }
    let mut selectors = Vec::new();
    let (start, schedule) = (split("start-interval"), split("schedule-interval"));
    if start.is_none() && schedule.is_none() {
        let now = chrono::Utc::now();
        let format = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%dT%H:%M:%S").to_string();
        let values = vec![format(now - chrono::Duration::days(4)), format(now)];
        selectors.push(between("@actualStartTime", &values)?);
    }
    if let Some(values) = &start {
        selectors.push(between("@actualStartTime", values)?);
    }
    if let Some(values) = &schedule {
        selectors.push(between("@scheduledStartTime", values)?);
    }
    if let Some(statuses) = &statuses {
        let upper: Vec<String> = statuses.iter().map(|s| s.to_uppercase()).collect();
        selectors.push(json!({
            "fieldName": "@status",
            "operator": {"type": "EQ", "values": upper},
        }));
    }
    let pipeline = args.value("pipeline-id").unwrap_or_default();
    let ids = query_ids(&api, pipeline, &json!({ "selectors": selectors }))?;
    let mut runs = Vec::new();
    for batch in ids.chunks(DESCRIBE_BATCH) {
        let described = api.call(
            "DescribeObjects",
            json!({ "pipelineId": pipeline, "objectIds": batch }),
        )?;
        if let Some(Value::List(objects)) = described.get("pipelineObjects") {
            runs.extend(objects.iter().map(flattened));
        }
    }
    runs.sort_by_key(sort_key);
    match &globals.output {
        None => print!("{}", listing(&runs)?),
        Some(_) => print_response(
            globals,
            &session,
            "list-runs",
            &Value::from_json(&Json::Array(runs.into_iter().map(Json::Object).collect())),
        )?,
    }
    Ok(0)
}

/// A `BETWEEN` selector of `field` from an interval's two ends.
fn between(field: &str, values: &[String]) -> Result<Json, CliError> {
    if values.len() < 2 {
        return Err(CliError::other("list index out of range"));
    }
    Ok(json!({
        "fieldName": field,
        "operator": {"type": "BETWEEN", "values": [values[0], values[1]]},
    }))
}

/// Every instance id `QueryObjects` gives for `query`, page after page.
fn query_ids(api: &ServiceApi, pipeline: &str, query: &Json) -> Result<Vec<String>, CliError> {
    let mut ids = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let mut input = json!({ "pipelineId": pipeline, "sphere": "INSTANCE", "query": query });
        if let Some(m) = &marker {
            input["marker"] = json!(m);
        }
        let page = api.call("QueryObjects", input)?;
        if let Some(Value::List(found)) = page.get("ids") {
            ids.extend(found.iter().filter_map(Value::as_str).map(str::to_owned));
        }
        let more = matches!(page.get("hasMoreResults"), Some(Value::Bool(true)));
        match page.get("marker").and_then(Value::as_str) {
            Some(next) if more && !next.is_empty() => marker = Some(next.to_owned()),
            _ => return Ok(ids),
        }
    }
}

/// An object's fields as one map: `@id`, `name`, then each field's value.
fn flattened(object: &Value) -> Map<String, Json> {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map_or(Json::Null, |s| json!(s));
    let mut fields = Map::new();
    fields.insert("@id".into(), text(object.get("id")));
    fields.insert("name".into(), text(object.get("name")));
    if let Some(Value::List(list)) = object.get("fields") {
        for field in list {
            let key = field.get("key").and_then(Value::as_str).unwrap_or_default();
            let value = field.get("stringValue").or_else(|| field.get("refValue"));
            fields.insert(key.to_owned(), text(value));
        }
    }
    fields
}

/// Scheduled start, then name.
fn sort_key(run: &Map<String, Json>) -> (String, String) {
    let text = |k: &str| run.get(k).and_then(Json::as_str).unwrap_or_default().to_owned();
    (text("@scheduledStartTime"), text("name"))
}

/// Python's `%-W.Ws` of a value (`None` for a missing one).
fn column(value: Option<&Json>, width: usize) -> String {
    let text = match value {
        Some(Json::String(s)) => s.clone(),
        Some(Json::Null) => "None".to_owned(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let cut: String = text.chars().take(width).collect();
    format!("{cut:<width$}")
}

/// The listing v2 prints without `--output`: two rows a run, under a two-row heading.
fn listing(runs: &[Map<String, Json>]) -> Result<String, CliError> {
    let row = |a: &str, b: &str, c: &str, last: usize| {
        format!(
            "{}  {}  {}",
            column(Some(&json!(a)), 50),
            column(Some(&json!(b)), 19),
            column(Some(&json!(c)), last)
        )
    };
    let mut out = format!("       {}\n", row("Name", "Scheduled Start", "Status", 23));
    let second = format!("       {}", row("ID", "Started", "Ended", 19));
    out.push_str(&format!("{second}\n{}\n", "-".repeat(second.chars().count())));
    for (i, run) in runs.iter().enumerate() {
        let parent = run
            .get("@componentParent")
            .ok_or_else(|| CliError::other("'@componentParent'"))?;
        out.push_str(&format!(
            "{:4}.  {}  {}  {}\n",
            i + 1,
            column(Some(parent), 50),
            column(run.get("@scheduledStartTime"), 19),
            column(run.get("@status"), 23)
        ));
        out.push_str(&format!(
            "       {}  {}  {}\n\n",
            column(run.get("@id"), 50),
            column(run.get("@actualStartTime"), 19),
            column(run.get("@actualEndTime"), 19)
        ));
    }
    Ok(out)
}

//! The per-parameter decision between parameter files, shorthand, JSON and scalars.

use aws2_params::shape::{ParamForm, ParamKind as K, Shape};
use aws2_params::unpack::{should_parse_as_shorthand, unpack, ArgValue, ParamValue, UnpackOptions};
use aws2_params::ParamError;
use serde_json::{json, Value};

fn s(kind: K) -> Shape {
    Shape::Scalar(kind)
}

fn one(text: &str) -> ArgValue {
    ArgValue::One(text.to_owned())
}

fn many(words: &[&str]) -> ArgValue {
    ArgValue::Many(words.iter().map(|w| w.to_string()).collect())
}

fn run(shape: &Shape, value: ArgValue) -> Result<Value, ParamError> {
    match unpack(&shape, "--param", value, &UnpackOptions::default())? {
        ParamValue::Json(v) => Ok(v),
        ParamValue::Bytes(b) => panic!("unexpected bytes {b:?}"),
    }
}

fn throughput() -> Shape {
    Shape::structure([
        ("ReadCapacityUnits", s(K::Long)),
        ("WriteCapacityUnits", s(K::Long)),
    ])
}

fn tags() -> Shape {
    Shape::list(Shape::structure([
        ("Key", s(K::String)),
        ("Value", s(K::String)),
    ]))
}

fn filters() -> Shape {
    Shape::list(Shape::structure([
        ("Name", s(K::String)),
        ("Values", Shape::list(s(K::String))),
    ]))
}

#[test]
fn forms_of_shapes() {
    assert_eq!(ParamForm::of(&&s(K::String)), ParamForm::Scalar);
    assert_eq!(
        ParamForm::of(&&Shape::list(s(K::Integer))),
        ParamForm::ListOfScalars
    );
    assert_eq!(ParamForm::of(&&throughput()), ParamForm::Structure);
    assert_eq!(ParamForm::of(&&Shape::map(s(K::String))), ParamForm::Map);
    assert_eq!(ParamForm::of(&&tags()), ParamForm::ListOfComplex);
    assert_eq!(
        ParamForm::of(&&Shape::list(s(K::Document))),
        ParamForm::Document
    );
    assert_eq!(
        ParamForm::of(&&Shape::map(Shape::list(s(K::Document)))),
        ParamForm::Document
    );
    assert!(ParamForm::ListOfComplex.accepts_shorthand());
    assert!(!ParamForm::ListOfScalars.accepts_shorthand());
}

#[test]
fn json_looking_values_are_not_shorthand() {
    assert!(should_parse_as_shorthand(&&throughput(), &one("A=1")));
    assert!(!should_parse_as_shorthand(
        &&throughput(),
        &one("  {\"A\": 1}")
    ));
    assert!(!should_parse_as_shorthand(
        &&tags(),
        &many(&["[{\"Key\": \"a\"}]"])
    ));
    assert!(!should_parse_as_shorthand(
        &&Shape::list(s(K::String)),
        &many(&["a=b"])
    ));
}

#[test]
fn structure_shorthand_is_coerced_to_the_shape() {
    assert_eq!(
        run(
            &throughput(),
            one("ReadCapacityUnits=15,WriteCapacityUnits=10")
        )
        .unwrap(),
        json!({"ReadCapacityUnits": 15, "WriteCapacityUnits": 10})
    );
    let shape = Shape::structure([
        ("Enabled", s(K::Boolean)),
        ("Ratio", s(K::Double)),
        ("Ids", Shape::list(s(K::String))),
        ("Other", s(K::Boolean)),
    ]);
    assert_eq!(
        run(&shape, one("Enabled=TRUE,Ratio=0.5,Ids=only,Other=maybe")).unwrap(),
        json!({"Enabled": true, "Ratio": 0.5, "Ids": ["only"], "Other": "maybe"})
    );
}

#[test]
fn structure_json() {
    assert_eq!(
        run(&throughput(), one("{\"ReadCapacityUnits\": 5}")).unwrap(),
        json!({"ReadCapacityUnits": 5})
    );
}

#[test]
fn list_of_structures_one_word_each() {
    assert_eq!(
        run(&tags(), many(&["Key=a,Value=b", "Key=c,Value=d"])).unwrap(),
        json!([{"Key": "a", "Value": "b"}, {"Key": "c", "Value": "d"}])
    );
    assert_eq!(
        run(
            &filters(),
            many(&["Name=tag:Owner,Values=me,you", "Name=x,Values=[y]"])
        )
        .unwrap(),
        json!([{"Name": "tag:Owner", "Values": ["me", "you"]}, {"Name": "x", "Values": ["y"]}])
    );
    assert_eq!(
        run(&tags(), many(&["[{\"Key\": \"a\", \"Value\": \"b\"}]"])).unwrap(),
        json!([{"Key": "a", "Value": "b"}])
    );
    assert_eq!(
        run(&tags(), many(&["{\"Key\": \"a\"}", "{\"Key\": \"b\"}"])).unwrap(),
        json!([{"Key": "a"}, {"Key": "b"}])
    );
}

#[test]
fn lists_of_scalars() {
    let ids = Shape::list(s(K::String));
    assert_eq!(
        run(&ids, many(&["i-1", "i-2"])).unwrap(),
        json!(["i-1", "i-2"])
    );
    assert_eq!(run(&ids, many(&["[\"i-1\"]"])).unwrap(), json!(["i-1"]));
    let numbers = Shape::list(s(K::Integer));
    assert_eq!(
        run(&numbers, many(&["1", " 2 ", "3_000"])).unwrap(),
        json!([1, 2, 3000])
    );
    assert_eq!(
        run(&numbers, many(&["1", "x"])).unwrap_err().to_string(),
        "Error parsing parameter '--param': 1"
    );
}

#[test]
fn maps_in_shorthand_and_json() {
    let attrs = Shape::map(s(K::String));
    assert_eq!(
        run(&attrs, one("DelaySeconds=10,Policy='a,b'")).unwrap(),
        json!({"DelaySeconds": "10", "Policy": "a,b"})
    );
    let counts = Shape::map(s(K::Integer));
    assert_eq!(
        run(&counts, one("a=1,b=2")).unwrap(),
        json!({"a": 1, "b": 2})
    );
    assert_eq!(run(&counts, one("{\"a\": 1}")).unwrap(), json!({"a": 1}));
}

#[test]
fn scalars() {
    assert_eq!(run(&s(K::String), one("a=b,c")).unwrap(), json!("a=b,c"));
    assert_eq!(run(&s(K::Integer), one("42")).unwrap(), json!(42));
    assert_eq!(run(&s(K::Long), one("-0012")).unwrap(), json!(-12));
    assert_eq!(run(&s(K::Double), one("1e3")).unwrap(), json!(1000.0));
    assert_eq!(run(&s(K::Boolean), one("False")).unwrap(), json!(false));
    assert_eq!(run(&s(K::Boolean), one("yes")).unwrap(), json!(true));
    assert_eq!(
        run(&s(K::Timestamp), one("2024-01-02")).unwrap(),
        json!("2024-01-02")
    );
    assert_eq!(
        run(&s(K::Integer), one("abc")).unwrap_err(),
        ParamError::Value("invalid literal for int() with base 10: 'abc'".to_owned())
    );
    assert_eq!(
        run(&s(K::Float), one("x")).unwrap_err().to_string(),
        "could not convert string to float: 'x'"
    );
}

#[test]
fn invalid_json_is_reported_like_the_aws_cli() {
    let key = Shape::map(Shape::structure([("S", s(K::String))]));
    assert_eq!(
        run(&key, one("{\"a\":")).unwrap_err().to_string(),
        "Error parsing parameter '--param': Invalid JSON: Expecting value: line 1 column 6 \
         (char 5)\nJSON received: {\"a\":"
    );
    let doc = s(K::Document);
    assert_eq!(
        run(&doc, one("{\"free\": [1, {\"x\": null}]}")).unwrap(),
        json!({"free": [1, {"x": null}]})
    );
    assert_eq!(
        run(&Shape::map(s(K::Document)), one("a=b"))
            .unwrap_err()
            .to_string(),
        "Error parsing parameter '--param': Invalid JSON:\na=b"
    );
}

#[test]
fn shorthand_errors_name_the_parameter() {
    assert_eq!(
        run(&throughput(), one("ReadCapacityUnits"))
            .unwrap_err()
            .to_string(),
        "Error parsing parameter '--param': Expected: '=', received: 'EOF' for input:\n\
         ReadCapacityUnits\n                 ^"
    );
    let with_doc = Shape::structure([("Name", s(K::String)), ("Doc", s(K::Document))]);
    assert_eq!(
        run(&with_doc, one("Name=a,Doc=b")).unwrap_err().to_string(),
        "Error parsing parameter '--param': Shorthand syntax does not support document types. \
         Use JSON input for top-level argument to specify nested parameter: Doc"
    );
    assert_eq!(
        run(&throughput(), one("ReadCapacityUnits=many")).unwrap_err(),
        ParamError::Value("invalid literal for int() with base 10: 'many'".to_owned())
    );
}

#[test]
fn parameter_files_then_shorthand_or_json() {
    let dir = tempfile::tempdir().unwrap();
    let sh = dir.path().join("throughput.txt");
    std::fs::write(&sh, "ReadCapacityUnits=1,WriteCapacityUnits=2\n").unwrap();
    let js = dir.path().join("tags.json");
    std::fs::write(&js, "[{\"Key\": \"k\", \"Value\": \"v\"}]").unwrap();
    assert_eq!(
        run(&throughput(), one(&format!("file://{}", sh.display()))).unwrap(),
        json!({"ReadCapacityUnits": 1, "WriteCapacityUnits": 2})
    );
    assert_eq!(
        run(&tags(), many(&[&format!("file://{}", js.display())])).unwrap(),
        json!([{"Key": "k", "Value": "v"}])
    );
    let missing = dir.path().join("none.json");
    assert_eq!(
        run(&tags(), many(&[&format!("file://{}", missing.display())]))
            .unwrap_err()
            .to_string(),
        format!(
            "Error parsing parameter '--param': Unable to load paramfile file://{0}: [Errno 2] \
             No such file or directory: '{0}'",
            missing.display()
        )
    );
    // Two words are never a parameter file.
    let ids = Shape::list(s(K::String));
    let first = format!("file://{}", missing.display());
    assert_eq!(
        run(&ids, many(&[&first, "x"])).unwrap(),
        json!([first, "x"])
    );
}

#[test]
fn binary_files_for_blobs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("key.bin");
    std::fs::write(&path, [1u8, 2, 255]).unwrap();
    let value = one(&format!("fileb://{}", path.display()));
    assert_eq!(
        unpack(&&s(K::Blob), "--sse-key", value, &UnpackOptions::default()).unwrap(),
        ParamValue::Bytes(vec![1, 2, 255])
    );
}

#[test]
fn urls_and_disabled_parameter_files_stay_text() {
    assert_eq!(
        run(&s(K::String), one("https://example.com/t.json")).unwrap(),
        json!("https://example.com/t.json")
    );
    let options = UnpackOptions {
        no_paramfile: true,
        ..Default::default()
    };
    let value = unpack(&&s(K::String), "--queue-url", one("file://x"), &options).unwrap();
    assert_eq!(value, ParamValue::Json(json!("file://x")));
    assert!(aws2_params::special::paramfile_disabled(
        "sqs",
        "send-message",
        "queue-url"
    ));
    assert!(!aws2_params::special::paramfile_disabled(
        "sqs",
        "send-message",
        "message-body"
    ));
}

#[test]
fn streaming_blobs_take_a_file_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("body");
    std::fs::write(&path, "data").unwrap();
    let shape = s(K::StreamingBlob);
    let p = path.display().to_string();
    assert_eq!(run(&shape, one(&p)).unwrap(), json!(p));
    assert_eq!(
        run(&shape, one(&dir.path().join("nope").display().to_string()))
            .unwrap_err()
            .to_string(),
        "Error parsing parameter '--param': Blob values must be a path to a file."
    );
}

#[test]
fn legacy_special_cases() {
    let value_struct = Shape::structure([("Value", s(K::String))]);
    assert_eq!(
        run(&value_struct, one("shutdown")).unwrap(),
        json!({"Value": "shutdown"})
    );
    assert_eq!(
        run(&value_struct, one("Value=stop")).unwrap(),
        json!({"Value": "stop"})
    );
    let instances = Shape::list(Shape::structure([("InstanceId", s(K::String))]));
    let options = UnpackOptions {
        old_list_case: true,
        ..Default::default()
    };
    assert_eq!(
        unpack(&&instances, "--instances", many(&["i-1", "i-2"]), &options).unwrap(),
        ParamValue::Json(json!([{"InstanceId": "i-1"}, {"InstanceId": "i-2"}]))
    );
    assert!(aws2_params::special::uses_old_list_case(
        "elastic-load-balancing",
        "register-instances-with-load-balancer",
        "instances"
    ));
}

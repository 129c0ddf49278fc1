//! The user guide's service and parameter chapters, example by example, in order, against
//! `moto_server` (a fresh state per chapter) and, for S3 Glacier multipart uploads, which moto
//! does not serve, a small Glacier endpoint that verifies every checksum. Placeholders (AMI,
//! VPC, subnet, instance ids) are replaced by values the emulator accepts. Read-only examples
//! are compared with the Python CLI v1 where v1 and v2 agree. Prints
//! `user guide examples: passed/total`; every failure must be listed with its emulator
//! limitation in `tests/user-guide-exceptions.txt`.

mod guide_support;

use guide_support::glacier::GlacierFixture;
use guide_support::{code, err_has, is, ok, out_has, out_lacks, present, save, save_text, Guide};

const FORMATS: &[&str] = &["json", "text", "table"];

#[test]
fn user_guide_examples() {
    let mut g = Guide::start();
    dynamodb(&mut g);
    ec2_key_pairs(&mut g);
    ec2_security_groups(&mut g);
    ec2_instances(&mut g);
    glacier(&mut g);
    iam(&mut g);
    s3(&mut g);
    s3api(&mut g);
    sns(&mut g);
    swf(&mut g);
    parameters(&mut g);
    skeletons(&mut g);
    output(&mut g);
    pagination(&mut g);
    migration(&mut g);
    customizations(&mut g);
    g.finish();
}

fn dynamodb(g: &mut Guide) {
    g.chapter("dynamodb");
    g.step(
        "create-table",
        &[
            "dynamodb",
            "create-table",
            "--table-name",
            "MusicCollection",
            "--attribute-definitions",
            "AttributeName=Artist,AttributeType=S",
            "AttributeName=SongTitle,AttributeType=S",
            "--key-schema",
            "AttributeName=Artist,KeyType=HASH",
            "AttributeName=SongTitle,KeyType=RANGE",
            "--provisioned-throughput",
            "ReadCapacityUnits=1,WriteCapacityUnits=1",
        ],
        vec![
            ok(),
            is("TableDescription.TableName", "MusicCollection"),
            is("TableDescription.KeySchema#", "2"),
        ],
    );
    let item1 = r#"{
    "Artist": {"S": "No One You Know"},
    "SongTitle": {"S": "Call Me Today"} ,
    "AlbumTitle": {"S": "Somewhat Famous"}
  }"#;
    let item2 = r#"{
    "Artist": {"S": "Acme Band"},
    "SongTitle": {"S": "Happy Day"} ,
    "AlbumTitle": {"S": "Songs About Life"}
  }"#;
    for (label, item) in [("put-item 1", item1), ("put-item 2", item2)] {
        g.same(
            label,
            &[
                "dynamodb",
                "put-item",
                "--table-name",
                "MusicCollection",
                "--item",
                item,
                "--return-consumed-capacity",
                "TOTAL",
            ],
            &[],
            vec![
                is("ConsumedCapacity.TableName", "MusicCollection"),
                is("ConsumedCapacity.CapacityUnits", "1.0"),
            ],
        );
    }
    g.file(
        "expression-attributes.json",
        "{\n  \":v1\": {\"S\": \"No One You Know\"},\n  \":v2\": {\"S\": \"Call Me Today\"}\n}\n",
    );
    g.same(
        "query file://",
        &[
            "dynamodb",
            "query",
            "--table-name",
            "MusicCollection",
            "--key-condition-expression",
            "Artist = :v1 AND SongTitle = :v2",
            "--expression-attribute-values",
            "file://expression-attributes.json",
        ],
        FORMATS,
        vec![
            is("Count", "1"),
            is("Items[0].AlbumTitle.S", "Somewhat Famous"),
        ],
    );
}

fn ec2_key_pairs(g: &mut Guide) {
    g.chapter("ec2-key-pairs");
    let out = g.step(
        "create-key-pair",
        &[
            "ec2",
            "create-key-pair",
            "--key-name",
            "MyKeyPair",
            "--query",
            "KeyMaterial",
            "--output",
            "text",
        ],
        vec![
            ok(),
            out_has("-----BEGIN RSA PRIVATE KEY-----"),
            out_has("-----END RSA PRIVATE KEY-----"),
        ],
    );
    g.env.write_file("MyKeyPair.pem", &out.stdout);
    g.same(
        "describe-key-pairs",
        &["ec2", "describe-key-pairs", "--key-name", "MyKeyPair"],
        FORMATS,
        vec![
            is("KeyPairs[0].KeyName", "MyKeyPair"),
            present("KeyPairs[0].KeyFingerprint"),
        ],
    );
    g.step(
        "delete-key-pair",
        &["ec2", "delete-key-pair", "--key-name", "MyKeyPair"],
        vec![ok()],
    );
    g.same(
        "describe deleted key pair",
        &["ec2", "describe-key-pairs", "--key-name", "MyKeyPair"],
        &[],
        vec![],
    );
}

fn default_network(g: &mut Guide) {
    g.step(
        "placeholder vpc-1a2b3c4d",
        &[
            "ec2",
            "describe-vpcs",
            "--filters",
            "Name=isDefault,Values=true",
            "--query",
            "Vpcs[0].VpcId",
            "--output",
            "text",
        ],
        vec![ok(), save_text("VPC")],
    );
    g.step(
        "placeholder subnet-6e7f829e",
        &[
            "ec2",
            "describe-subnets",
            "--filters",
            "Name=vpc-id,Values={VPC}",
            "--query",
            "Subnets[0].SubnetId",
            "--output",
            "text",
        ],
        vec![ok(), save_text("SUBNET")],
    );
}

fn ec2_security_groups(g: &mut Guide) {
    g.chapter("ec2-security-groups");
    default_network(g);
    g.step(
        "create-security-group --vpc-id",
        &[
            "ec2",
            "create-security-group",
            "--group-name",
            "my-sg",
            "--description",
            "My security group",
            "--vpc-id",
            "{VPC}",
        ],
        vec![ok(), save("SG", "GroupId")],
    );
    g.same(
        "describe-security-groups --group-ids",
        &["ec2", "describe-security-groups", "--group-ids", "{SG}"],
        FORMATS,
        vec![
            is("SecurityGroups[0].GroupName", "my-sg"),
            is("SecurityGroups[0].Description", "My security group"),
            is("SecurityGroups[0].VpcId", "{VPC}"),
        ],
    );
    for port in ["3389", "22"] {
        g.step(
            &format!("authorize-security-group-ingress --group-id port {port}"),
            &[
                "ec2",
                "authorize-security-group-ingress",
                "--group-id",
                "{SG}",
                "--protocol",
                "tcp",
                "--port",
                port,
                "--cidr",
                "203.0.113.0/24",
            ],
            vec![ok()],
        );
    }
    g.same(
        "describe-security-groups with rules",
        &["ec2", "describe-security-groups", "--group-ids", "{SG}"],
        FORMATS,
        vec![
            is("SecurityGroups[0].IpPermissions#", "2"),
            is(
                "SecurityGroups[0].IpPermissions[0].IpRanges[0].CidrIp",
                "203.0.113.0/24",
            ),
        ],
    );
    g.step(
        "delete-security-group --group-id",
        &["ec2", "delete-security-group", "--group-id", "{SG}"],
        vec![ok()],
    );
    g.same(
        "describe deleted group",
        &["ec2", "describe-security-groups", "--group-ids", "{SG}"],
        &[],
        vec![],
    );

    g.chapter("ec2-security-groups-classic");
    g.step(
        "create-security-group",
        &[
            "ec2",
            "create-security-group",
            "--group-name",
            "my-sg",
            "--description",
            "My security group",
        ],
        vec![ok(), present("GroupId")],
    );
    g.same(
        "describe-security-groups --group-names",
        &["ec2", "describe-security-groups", "--group-names", "my-sg"],
        FORMATS,
        vec![is("SecurityGroups[0].GroupName", "my-sg")],
    );
    for port in ["3389", "22"] {
        g.step(
            &format!("authorize-security-group-ingress --group-name port {port}"),
            &[
                "ec2",
                "authorize-security-group-ingress",
                "--group-name",
                "my-sg",
                "--protocol",
                "tcp",
                "--port",
                port,
                "--cidr",
                "203.0.113.0/24",
            ],
            vec![ok()],
        );
    }
    g.same(
        "describe-security-groups --group-names with rules",
        &["ec2", "describe-security-groups", "--group-names", "my-sg"],
        FORMATS,
        vec![is("SecurityGroups[0].IpPermissions#", "2")],
    );
    g.step(
        "delete-security-group --group-name",
        &["ec2", "delete-security-group", "--group-name", "my-sg"],
        vec![ok()],
    );
}

fn ec2_instances(g: &mut Guide) {
    g.chapter("ec2-instances");
    default_network(g);
    g.step(
        "placeholder ami-xxxxxxx",
        &[
            "ec2",
            "describe-images",
            "--owners",
            "amazon",
            "--query",
            "Images[0].ImageId",
            "--output",
            "text",
        ],
        vec![ok(), save_text("AMI")],
    );
    g.step(
        "create-key-pair",
        &["ec2", "create-key-pair", "--key-name", "MyKeyPair"],
        vec![ok()],
    );
    g.step(
        "create-security-group",
        &[
            "ec2",
            "create-security-group",
            "--group-name",
            "my-sg",
            "--description",
            "My security group",
            "--vpc-id",
            "{VPC}",
        ],
        vec![ok(), save("SG", "GroupId")],
    );
    g.step(
        "run-instances (EC2-VPC)",
        &[
            "ec2",
            "run-instances",
            "--image-id",
            "{AMI}",
            "--count",
            "1",
            "--instance-type",
            "t2.micro",
            "--key-name",
            "MyKeyPair",
            "--security-group-ids",
            "{SG}",
            "--subnet-id",
            "{SUBNET}",
        ],
        vec![
            ok(),
            is("Instances[0].InstanceType", "t2.micro"),
            is("Instances[0].KeyName", "MyKeyPair"),
            is("Instances[0].SubnetId", "{SUBNET}"),
            is("Instances[0].SecurityGroups[0].GroupId", "{SG}"),
            save("I", "Instances[0].InstanceId"),
        ],
    );
    g.step(
        "run-instances (EC2-Classic)",
        &[
            "ec2",
            "run-instances",
            "--image-id",
            "{AMI}",
            "--count",
            "1",
            "--instance-type",
            "t1.micro",
            "--key-name",
            "MyKeyPair",
            "--security-groups",
            "my-sg",
        ],
        vec![
            ok(),
            is("Instances[0].InstanceType", "t1.micro"),
            is("Instances#", "1"),
            save("I2", "Instances[0].InstanceId"),
        ],
    );
    g.step(
        "create-volume for a snapshot",
        &[
            "ec2",
            "create-volume",
            "--size",
            "8",
            "--availability-zone",
            "us-east-1a",
        ],
        vec![ok(), save("VOL", "VolumeId")],
    );
    g.step(
        "create-snapshot (placeholder snap-a1b2c3d4)",
        &["ec2", "create-snapshot", "--volume-id", "{VOL}"],
        vec![ok(), save("SNAP", "SnapshotId")],
    );
    for (label, bdm) in [
        (
            "block device 20 GB",
            r#"[{"DeviceName":"/dev/sdf","Ebs":{"VolumeSize":20,"DeleteOnTermination":false}}]"#,
        ),
        (
            "block device from snapshot",
            r#"[{"DeviceName":"/dev/sdf","Ebs":{"SnapshotId":"{SNAP}"}}]"#,
        ),
        (
            "two ephemeral volumes",
            r#"[{"DeviceName":"/dev/sdf","VirtualName":"ephemeral0"},{"DeviceName":"/dev/sdg","VirtualName":"ephemeral1"}]"#,
        ),
        (
            "mapping without a volume",
            r#"[{"DeviceName":"/dev/sdj","NoDevice":""}]"#,
        ),
    ] {
        g.step(
            label,
            &[
                "ec2",
                "run-instances",
                "--image-id",
                "{AMI}",
                "--count",
                "1",
                "--instance-type",
                "t2.micro",
                "--block-device-mappings",
                bdm,
            ],
            vec![ok(), is("Instances#", "1")],
        );
    }
    g.step(
        "create-tags",
        &[
            "ec2",
            "create-tags",
            "--resources",
            "{I}",
            "--tags",
            "Key=Name,Value=MyInstance",
        ],
        vec![ok()],
    );
    g.same(
        "describe-instances t2.micro ids",
        &[
            "ec2",
            "describe-instances",
            "--filters",
            "Name=instance-type,Values=t2.micro",
            "--query",
            "Reservations[].Instances[].InstanceId",
        ],
        FORMATS,
        vec![out_has("{I}")],
    );
    g.same(
        "describe-instances tag:Name",
        &[
            "ec2",
            "describe-instances",
            "--filters",
            "Name=tag:Name,Values=MyInstance",
        ],
        &["json", "text"],
        vec![
            is("Reservations#", "1"),
            is("Reservations[0].Instances[0].InstanceId", "{I}"),
        ],
    );
    g.same(
        "describe-instances image-id list",
        &[
            "ec2",
            "describe-instances",
            "--filters",
            "Name=image-id,Values=ami-x0123456,ami-y0123456,ami-z0123456",
        ],
        FORMATS,
        vec![is("Reservations#", "0")],
    );
    g.step(
        "terminate-instances",
        &["ec2", "terminate-instances", "--instance-ids", "{I}"],
        vec![
            ok(),
            is("TerminatingInstances[0].InstanceId", "{I}"),
            is("TerminatingInstances[0].PreviousState.Name", "running"),
        ],
    );
}

fn glacier(g: &mut Guide) {
    g.chapter("glacier-moto");
    g.same(
        "create-vault",
        &[
            "glacier",
            "create-vault",
            "--account-id",
            "-",
            "--vault-name",
            "myvault",
        ],
        &[],
        vec![is("location", "/123456789012/vaults/myvault")],
    );
    g.step(
        "initiate-multipart-upload",
        &[
            "glacier",
            "initiate-multipart-upload",
            "--account-id",
            "-",
            "--archive-description",
            "multipart upload test",
            "--part-size",
            "1048576",
            "--vault-name",
            "myvault",
        ],
        vec![ok(), present("uploadId")],
    );
    g.step(
        "describe-vault",
        &[
            "glacier",
            "describe-vault",
            "--account-id",
            "-",
            "--vault-name",
            "myvault",
        ],
        vec![
            ok(),
            is("VaultName", "myvault"),
            is("NumberOfArchives", "0"),
        ],
    );

    // The multipart walkthrough, against the Glacier endpoint that checks every checksum.
    g.chapter("glacier");
    let fixture = GlacierFixture::start();
    let endpoint = fixture.endpoint();
    let with = |args: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
        v.extend(["--endpoint-url".to_owned(), endpoint.clone()]);
        v
    };
    let run = |g: &mut Guide, label: &str, args: &[&str], checks: Vec<guide_support::Check>| {
        let args = g.expand(args);
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = g.env.run_raw(aws2_e2e::Cli::Aws2, &with(&refs), false);
        g.check(label, &args.join(" "), &out, checks);
        out
    };
    run(
        g,
        "create-vault",
        &[
            "glacier",
            "create-vault",
            "--account-id",
            "-",
            "--vault-name",
            "myvault",
        ],
        vec![ok(), is("location", "/123456789012/vaults/myvault")],
    );
    g.shell("dd 3 MiB", "dd if=/dev/urandom of=largefile bs=3145728 count=1 2>/dev/null && test $(wc -c < largefile) = 3145728");
    g.shell(
        "split",
        "split --bytes=1048576 --verbose largefile chunk && ls chunkaa chunkab chunkac",
    );
    run(
        g,
        "initiate-multipart-upload",
        &[
            "glacier",
            "initiate-multipart-upload",
            "--account-id",
            "-",
            "--archive-description",
            "multipart upload test",
            "--part-size",
            "1048576",
            "--vault-name",
            "myvault",
        ],
        vec![ok(), save("UPLOADID", "uploadId"), present("location")],
    );
    for (chunk, range) in [
        ("chunkaa", "bytes 0-1048575/*"),
        ("chunkab", "bytes 1048576-2097151/*"),
        ("chunkac", "bytes 2097152-3145727/*"),
    ] {
        let sum = g.shell(
            &format!("sha256 of {chunk}"),
            &format!("openssl dgst -sha256 {chunk} | awk '{{print $2}}'"),
        );
        run(
            g,
            &format!("upload-multipart-part {chunk}"),
            &[
                "glacier",
                "upload-multipart-part",
                "--upload-id",
                "{UPLOADID}",
                "--body",
                chunk,
                "--range",
                range,
                "--account-id",
                "-",
                "--vault-name",
                "myvault",
            ],
            vec![ok(), is("checksum", sum.trim())],
        );
    }
    // The Python CLI uploads the same part again: the same checksum comes back.
    let v1 = g.env.run_raw(
        aws2_e2e::Cli::Oracle,
        &with(
            &g.expand(&[
                "glacier",
                "upload-multipart-part",
                "--upload-id",
                "{UPLOADID}",
                "--body",
                "chunkab",
                "--range",
                "bytes 1048576-2097151/*",
                "--account-id",
                "-",
                "--vault-name",
                "myvault",
            ])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        ),
        false,
    );
    let v2 = g.env.run_raw(
        aws2_e2e::Cli::Aws2,
        &with(
            &g.expand(&[
                "glacier",
                "upload-multipart-part",
                "--upload-id",
                "{UPLOADID}",
                "--body",
                "chunkab",
                "--range",
                "bytes 1048576-2097151/*",
                "--account-id",
                "-",
                "--vault-name",
                "myvault",
            ])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        ),
        false,
    );
    g.record(
        "upload-multipart-part same as v1",
        match (v1.code, v2.code, v1.stdout == v2.stdout) {
            (0, 0, true) => Ok(()),
            _ => Err(format!(
                "v1 exit {} {:?}, aws2 exit {} {:?}",
                v1.code, v1.stdout, v2.code, v2.stdout
            )),
        },
    );
    g.shell("hash chunks", "openssl dgst -sha256 -binary chunkaa > hash1 && openssl dgst -sha256 -binary chunkab > hash2 && openssl dgst -sha256 -binary chunkac > hash3");
    g.shell(
        "hash12",
        "cat hash1 hash2 > hash12 && openssl dgst -sha256 -binary hash12 > hash12hash",
    );
    let tree = g.shell(
        "hash123",
        "cat hash12hash hash3 > hash123 && openssl dgst -sha256 hash123 | awk '{print $2}'",
    );
    g.set("TREEHASH", tree.trim());
    run(
        g,
        "complete-multipart-upload wrong checksum",
        &[
            "glacier",
            "complete-multipart-upload",
            "--checksum",
            "0000000000000000000000000000000000000000000000000000000000000000",
            "--archive-size",
            "3145728",
            "--upload-id",
            "{UPLOADID}",
            "--account-id",
            "-",
            "--vault-name",
            "myvault",
        ],
        vec![code(254), err_has("InvalidParameterValueException")],
    );
    run(
        g,
        "complete-multipart-upload",
        &[
            "glacier",
            "complete-multipart-upload",
            "--checksum",
            "{TREEHASH}",
            "--archive-size",
            "3145728",
            "--upload-id",
            "{UPLOADID}",
            "--account-id",
            "-",
            "--vault-name",
            "myvault",
        ],
        vec![
            ok(),
            is("checksum", "{TREEHASH}"),
            present("archiveId"),
            present("location"),
        ],
    );
    run(
        g,
        "describe-vault",
        &[
            "glacier",
            "describe-vault",
            "--account-id",
            "-",
            "--vault-name",
            "myvault",
        ],
        vec![
            ok(),
            is("NumberOfArchives", "1"),
            is("SizeInBytes", "3145728"),
            is("VaultName", "myvault"),
        ],
    );
    let (verified, rejected) = fixture.counts();
    g.record(
        "every part's tree hash and content hash verified",
        match (verified, rejected) {
            (5, 1) => Ok(()),
            other => Err(format!(
                "(verified parts, rejected requests) = {other:?}, expected (5, 1)"
            )),
        },
    );
    g.shell(
        "rm chunk* hash*",
        "rm chunk* hash* && ! ls chunkaa 2>/dev/null",
    );
}

fn iam(g: &mut Guide) {
    g.chapter("iam");
    g.step(
        "create-group",
        &["iam", "create-group", "--group-name", "MyIamGroup"],
        vec![
            ok(),
            is("Group.GroupName", "MyIamGroup"),
            is("Group.Path", "/"),
        ],
    );
    g.step(
        "create-user",
        &["iam", "create-user", "--user-name", "MyUser"],
        vec![
            ok(),
            is("User.UserName", "MyUser"),
            is("User.Arn", "arn:aws:iam::123456789012:user/MyUser"),
        ],
    );
    g.step(
        "add-user-to-group",
        &[
            "iam",
            "add-user-to-group",
            "--user-name",
            "MyUser",
            "--group-name",
            "MyIamGroup",
        ],
        vec![ok()],
    );
    g.same(
        "get-group",
        &["iam", "get-group", "--group-name", "MyIamGroup"],
        FORMATS,
        vec![
            is("Users[0].UserName", "MyUser"),
            is("Group.GroupName", "MyIamGroup"),
        ],
    );
    g.step(
        "list-policies PowerUserAccess",
        &[
            "iam",
            "list-policies",
            "--query",
            "Policies[?PolicyName==`PowerUserAccess`].{ARN:Arn}",
            "--output",
            "text",
        ],
        vec![
            ok(),
            out_has("arn:aws:iam::aws:policy/PowerUserAccess"),
            save_text("POLICYARN"),
        ],
    );
    g.step(
        "attach-user-policy",
        &[
            "iam",
            "attach-user-policy",
            "--user-name",
            "MyUser",
            "--policy-arn",
            "{POLICYARN}",
        ],
        vec![ok()],
    );
    g.same(
        "list-attached-user-policies",
        &[
            "iam",
            "list-attached-user-policies",
            "--user-name",
            "MyUser",
        ],
        FORMATS,
        vec![
            is("AttachedPolicies[0].PolicyName", "PowerUserAccess"),
            is(
                "AttachedPolicies[0].PolicyArn",
                "arn:aws:iam::aws:policy/PowerUserAccess",
            ),
        ],
    );
    g.step(
        "create-login-profile",
        &[
            "iam",
            "create-login-profile",
            "--user-name",
            "MyUser",
            "--password",
            "My!User1Login8P@ssword",
            "--password-reset-required",
        ],
        vec![
            ok(),
            is("LoginProfile.UserName", "MyUser"),
            is("LoginProfile.PasswordResetRequired", "true"),
        ],
    );
    g.step(
        "update-login-profile",
        &[
            "iam",
            "update-login-profile",
            "--user-name",
            "MyUser",
            "--password",
            "My!User1ADifferentP@ssword",
        ],
        vec![ok()],
    );
    g.step(
        "create-access-key",
        &["iam", "create-access-key", "--user-name", "MyUser"],
        vec![
            ok(),
            is("AccessKey.UserName", "MyUser"),
            is("AccessKey.Status", "Active"),
            present("AccessKey.SecretAccessKey"),
            save("KEY", "AccessKey.AccessKeyId"),
        ],
    );
    g.step(
        "delete-access-key",
        &[
            "iam",
            "delete-access-key",
            "--user-name",
            "MyUser",
            "--access-key-id",
            "{KEY}",
        ],
        vec![ok()],
    );
    g.same(
        "list-access-keys after delete",
        &["iam", "list-access-keys", "--user-name", "MyUser"],
        FORMATS,
        vec![is("AccessKeyMetadata#", "0")],
    );
}

fn s3(g: &mut Guide) {
    g.chapter("s3");
    let dir = g.env.dir().join("s3work");
    std::fs::create_dir_all(dir.join("MySubdirectory")).expect("dir");
    g.step(
        "mb",
        &["s3", "mb", "s3://bucket-name"],
        vec![ok(), out_has("make_bucket: bucket-name")],
    );
    g.step("mb 2", &["s3", "mb", "s3://my-bucket"], vec![ok()]);
    g.step(
        "ls",
        &["s3", "ls"],
        vec![ok(), out_has(" bucket-name\n"), out_has(" my-bucket\n")],
    );
    g.file("MyFile1.txt", "one");
    g.file("MyFile2.txt", "two");
    g.step(
        "cp MyFile1.txt",
        &["s3", "cp", "MyFile1.txt", "s3://bucket-name/"],
        vec![
            ok(),
            out_has("upload: ./MyFile1.txt to s3://bucket-name/MyFile1.txt"),
        ],
    );
    g.step(
        "cp MyFile2.txt path/",
        &["s3", "cp", "MyFile2.txt", "s3://bucket-name/path/"],
        vec![ok()],
    );
    g.step(
        "ls s3://bucket-name",
        &["s3", "ls", "s3://bucket-name"],
        vec![
            ok(),
            out_has("PRE path/"),
            out_has("          3 MyFile1.txt"),
        ],
    );
    g.step(
        "ls s3://bucket-name/path/",
        &["s3", "ls", "s3://bucket-name/path/"],
        vec![
            ok(),
            out_has("          3 MyFile2.txt"),
            out_lacks("MyFile1"),
        ],
    );
    g.step(
        "rb non-empty fails",
        &["s3", "rb", "s3://bucket-name"],
        vec![code(1), err_has("BucketNotEmpty")],
    );
    g.step(
        "rb --force",
        &["s3", "rb", "s3://bucket-name", "--force"],
        vec![ok(), out_has("remove_bucket: bucket-name")],
    );
    g.file("file.txt", "file");
    g.step(
        "cp --grants",
        &[
            "s3",
            "cp",
            "file.txt",
            "s3://my-bucket/",
            "--grants",
            "read=uri=http://acs.amazonaws.com/groups/global/AllUsers",
            "full=emailaddress=user@example.com",
        ],
        vec![
            ok(),
            out_has("upload: ./file.txt to s3://my-bucket/file.txt"),
        ],
    );
    g.step(
        "cp --storage-class",
        &[
            "s3",
            "cp",
            "file.txt",
            "s3://my-bucket/",
            "--storage-class",
            "REDUCED_REDUNDANCY",
        ],
        vec![ok()],
    );
    g.step(
        "storage class applied",
        &[
            "s3api",
            "head-object",
            "--bucket",
            "my-bucket",
            "--key",
            "file.txt",
        ],
        vec![ok(), is("StorageClass", "REDUCED_REDUNDANCY")],
    );
    // Sync examples run in s3work/ with MyFile1.txt, MySubdirectory/MyFile3.txt.
    std::fs::write(dir.join("MyFile1.txt"), "1").expect("file");
    std::fs::write(dir.join("MySubdirectory/MyFile3.txt"), "3").expect("file");
    let in_dir = |g: &mut Guide, label: &str, args: &[&str], checks: Vec<guide_support::Check>| {
        let mut full = vec!["--endpoint-url".to_owned(), g.env.endpoint().to_owned()];
        full.extend(g.expand(args));
        let out = std::process::Command::new(aws2_e2e::binary::aws_bin())
            .args(&full)
            .current_dir(g.env.dir().join("s3work"))
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .env("AWS_CONFIG_FILE", g.env.dir().join("config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                g.env.dir().join("credentials"),
            )
            .env("HOME", g.env.dir().join("home"))
            .output()
            .expect("runs");
        let outcome = aws2_e2e::Outcome {
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            code: out.status.code().unwrap_or(-1),
        };
        let mut vars = std::collections::HashMap::new();
        let mut result = Ok(());
        for c in &checks {
            if let Err(e) = c(&outcome, &mut vars) {
                result = Err(format!(
                    "`aws {}` in s3work: {e}; stderr {}",
                    args.join(" "),
                    outcome.stderr
                ));
                break;
            }
        }
        g.record(label, result);
    };
    in_dir(g, "sync . s3://my-bucket/path", &["s3", "sync", ".", "s3://my-bucket/path"],
        vec![ok(), out_has("upload: MySubdirectory/MyFile3.txt to s3://my-bucket/path/MySubdirectory/MyFile3.txt"), out_has("upload: ./MyFile1.txt to s3://my-bucket/path/MyFile1.txt")]);
    std::fs::remove_file(dir.join("MyFile1.txt")).expect("rm");
    in_dir(
        g,
        "sync without --delete does nothing",
        &["s3", "sync", ".", "s3://my-bucket/path"],
        vec![ok(), out_lacks("delete:")],
    );
    in_dir(
        g,
        "sync --delete",
        &["s3", "sync", ".", "s3://my-bucket/path", "--delete"],
        vec![ok(), out_has("delete: s3://my-bucket/path/MyFile1.txt")],
    );
    in_dir(
        g,
        "rm object",
        &["s3", "rm", "s3://my-bucket/path/MySubdirectory/MyFile3.txt"],
        vec![
            ok(),
            out_has("delete: s3://my-bucket/path/MySubdirectory/MyFile3.txt"),
        ],
    );
    in_dir(
        g,
        "sync down --delete",
        &["s3", "sync", "s3://my-bucket/path", ".", "--delete"],
        vec![ok(), out_has("delete: MySubdirectory/MyFile3.txt")],
    );
    g.record(
        "local file deleted",
        match dir.join("MySubdirectory/MyFile3.txt").exists() {
            false => Ok(()),
            true => Err("MySubdirectory/MyFile3.txt still exists".into()),
        },
    );
    std::fs::write(dir.join("new.txt"), "n").expect("file");
    in_dir(
        g,
        "sync --storage-class STANDARD_IA",
        &[
            "s3",
            "sync",
            ".",
            "s3://my-bucket/path",
            "--storage-class",
            "STANDARD_IA",
        ],
        vec![
            ok(),
            out_has("upload: ./new.txt to s3://my-bucket/path/new.txt"),
        ],
    );
    g.step(
        "STANDARD_IA applied",
        &[
            "s3api",
            "head-object",
            "--bucket",
            "my-bucket",
            "--key",
            "path/new.txt",
        ],
        vec![ok(), is("StorageClass", "STANDARD_IA")],
    );
    // Filters: a fresh folder with MyFile1.txt, MyFile2.rtf, MyFile88.txt.
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    for f in ["MyFile1.txt", "MyFile2.rtf", "MyFile88.txt"] {
        std::fs::write(dir.join(f), f).expect("file");
    }
    g.step(
        "clear path",
        &["s3", "rm", "s3://my-bucket/path", "--recursive"],
        vec![ok()],
    );
    in_dir(
        g,
        "sync --exclude *.txt",
        &[
            "s3",
            "sync",
            ".",
            "s3://my-bucket/path",
            "--exclude",
            "*.txt",
        ],
        vec![
            ok(),
            out_has("upload: ./MyFile2.rtf to s3://my-bucket/path/MyFile2.rtf"),
            out_lacks(".txt"),
        ],
    );
    g.step(
        "clear path 2",
        &["s3", "rm", "s3://my-bucket/path", "--recursive"],
        vec![ok()],
    );
    in_dir(
        g,
        "sync --exclude --include",
        &[
            "s3",
            "sync",
            ".",
            "s3://my-bucket/path",
            "--exclude",
            "*.txt",
            "--include",
            "MyFile*.txt",
        ],
        vec![
            ok(),
            out_has("MyFile1.txt to s3://my-bucket/path/MyFile1.txt"),
            out_has("MyFile88.txt to"),
            out_has("MyFile2.rtf to"),
        ],
    );
    g.step(
        "clear path 3",
        &["s3", "rm", "s3://my-bucket/path", "--recursive"],
        vec![ok()],
    );
    in_dir(
        g,
        "sync --exclude --include --exclude",
        &[
            "s3",
            "sync",
            ".",
            "s3://my-bucket/path",
            "--exclude",
            "*.txt",
            "--include",
            "MyFile*.txt",
            "--exclude",
            "MyFile?.txt",
        ],
        vec![
            ok(),
            out_has("MyFile88.txt to"),
            out_has("MyFile2.rtf to"),
            out_lacks("MyFile1.txt"),
        ],
    );
    in_dir(
        g,
        "sync --acl public-read",
        &[
            "s3",
            "sync",
            ".",
            "s3://my-bucket/path",
            "--acl",
            "public-read",
        ],
        vec![ok(), out_has("MyFile1.txt to")],
    );
    g.step(
        "acl applied",
        &[
            "s3api",
            "get-object-acl",
            "--bucket",
            "my-bucket",
            "--key",
            "path/MyFile1.txt",
        ],
        vec![
            ok(),
            out_has("http://acs.amazonaws.com/groups/global/AllUsers"),
        ],
    );
    g.file("MyFile.txt", "x");
    g.step(
        "cp to path/",
        &["s3", "cp", "MyFile.txt", "s3://my-bucket/path/"],
        vec![ok()],
    );
    std::fs::write(g.env.dir().join("photo.jpg"), "jpg").expect("file");
    g.step(
        "cp photo",
        &["s3", "cp", "photo.jpg", "s3://my-bucket/path/"],
        vec![ok()],
    );
    g.step(
        "mv *.jpg",
        &[
            "s3",
            "mv",
            "s3://my-bucket/path",
            "./MyDirectory",
            "--exclude",
            "*",
            "--include",
            "*.jpg",
            "--recursive",
        ],
        vec![
            ok(),
            out_has("move: s3://my-bucket/path/photo.jpg to MyDirectory/photo.jpg"),
        ],
    );
    g.record(
        "moved file exists",
        match g.env.dir().join("MyDirectory/photo.jpg").exists() {
            true => Ok(()),
            false => Err("MyDirectory/photo.jpg missing".into()),
        },
    );
    g.step(
        "ls my-bucket",
        &["s3", "ls", "s3://my-bucket"],
        vec![ok(), out_has("PRE path/"), out_has("file.txt")],
    );
    g.step(
        "ls my-bucket/path/",
        &["s3", "ls", "s3://my-bucket/path/"],
        vec![ok(), out_has("MyFile.txt"), out_lacks("photo.jpg")],
    );
    g.step(
        "rm one object",
        &["s3", "rm", "s3://my-bucket/path/MyFile.txt"],
        vec![ok(), out_has("delete: s3://my-bucket/path/MyFile.txt")],
    );
    g.step(
        "rm --recursive",
        &["s3", "rm", "s3://my-bucket/path", "--recursive"],
        vec![ok(), out_has("delete: s3://my-bucket/path/MyFile88.txt")],
    );
    g.step(
        "path is empty",
        &["s3", "ls", "s3://my-bucket/path/"],
        vec![code(1)],
    );
}

fn s3api(g: &mut Guide) {
    g.chapter("s3api");
    g.step(
        "create-bucket",
        &["s3api", "create-bucket", "--bucket", "MyBucket"],
        vec![ok()],
    );
    g.step(
        "put-bucket-acl emailaddress and uri",
        &[
            "s3api",
            "put-bucket-acl",
            "--bucket",
            "MyBucket",
            "--grant-full-control",
            "emailaddress=\"user1@example.com\",emailaddress=\"user2@example.com\"",
            "--grant-read",
            "uri=\"http://acs.amazonaws.com/groups/global/AllUsers\"",
        ],
        vec![ok()],
    );
    g.step(
        "put-bucket-acl LogDelivery",
        &[
            "s3api",
            "put-bucket-acl",
            "--bucket",
            "MyBucket",
            "--grant-read-acp",
            "URI=\"http://acs.amazonaws.com/groups/s3/LogDelivery\"",
            "--grant-write",
            "URI=\"http://acs.amazonaws.com/groups/s3/LogDelivery\"",
        ],
        vec![ok()],
    );
    g.same(
        "get-bucket-acl",
        &["s3api", "get-bucket-acl", "--bucket", "MyBucket"],
        FORMATS,
        vec![out_has("http://acs.amazonaws.com/groups/s3/LogDelivery")],
    );
    g.file(
        "logging.json",
        r#"{
  "LoggingEnabled": {
    "TargetBucket": "MyBucket",
    "TargetPrefix": "MyBucketLogs/",
    "TargetGrants": [
      {
        "Grantee": {
          "Type": "AmazonCustomerByEmail",
          "EmailAddress": "user@example.com"
        },
        "Permission": "FULL_CONTROL"
      },
      {
        "Grantee": {
          "Type": "Group",
          "URI": "http://acs.amazonaws.com/groups/global/AllUsers"
        },
        "Permission": "READ"
      }
    ]
  }
}
"#,
    );
    g.step(
        "put-bucket-logging file://",
        &[
            "s3api",
            "put-bucket-logging",
            "--bucket",
            "MyBucket",
            "--bucket-logging-status",
            "file://logging.json",
        ],
        vec![ok()],
    );
    g.same(
        "get-bucket-logging",
        &["s3api", "get-bucket-logging", "--bucket", "MyBucket"],
        FORMATS,
        vec![is("LoggingEnabled.TargetPrefix", "MyBucketLogs/")],
    );
    g.same(
        "get-bucket-location us-east-1",
        &["s3api", "get-bucket-location", "--bucket", "MyBucket"],
        FORMATS,
        vec![],
    );
    g.step(
        "create-bucket eu-west-1",
        &[
            "s3api",
            "create-bucket",
            "--bucket",
            "eu-bucket",
            "--create-bucket-configuration",
            "LocationConstraint=eu-west-1",
        ],
        vec![ok()],
    );
    g.same(
        "get-bucket-location eu-west-1",
        &["s3api", "get-bucket-location", "--bucket", "eu-bucket"],
        FORMATS,
        vec![is("LocationConstraint", "eu-west-1")],
    );
}

fn sns(g: &mut Guide) {
    g.chapter("sns");
    g.step(
        "create-topic",
        &["sns", "create-topic", "--name", "my-topic"],
        vec![
            ok(),
            is("TopicArn", "arn:aws:sns:us-east-1:123456789012:my-topic"),
            save("TOPIC", "TopicArn"),
        ],
    );
    g.step(
        "subscribe email",
        &[
            "sns",
            "subscribe",
            "--topic-arn",
            "{TOPIC}",
            "--protocol",
            "email",
            "--notification-endpoint",
            "saanvi@example.com",
        ],
        vec![ok(), save("SUB", "SubscriptionArn")],
    );
    g.same(
        "list-subscriptions-by-topic",
        &[
            "sns",
            "list-subscriptions-by-topic",
            "--topic-arn",
            "{TOPIC}",
        ],
        FORMATS,
        vec![
            is("Subscriptions[0].Endpoint", "saanvi@example.com"),
            is("Subscriptions[0].Protocol", "email"),
        ],
    );
    g.step(
        "publish",
        &[
            "sns",
            "publish",
            "--topic-arn",
            "{TOPIC}",
            "--message",
            "Hello World!",
        ],
        vec![ok(), present("MessageId")],
    );
    g.step(
        "unsubscribe",
        &["sns", "unsubscribe", "--subscription-arn", "{SUB}"],
        vec![ok()],
    );
    g.same(
        "list-subscriptions",
        &["sns", "list-subscriptions"],
        FORMATS,
        vec![is("Subscriptions#", "0")],
    );
    g.step(
        "delete-topic",
        &["sns", "delete-topic", "--topic-arn", "{TOPIC}"],
        vec![ok()],
    );
    g.same(
        "list-topics",
        &["sns", "list-topics"],
        FORMATS,
        vec![is("Topics#", "0")],
    );
}

fn swf(g: &mut Guide) {
    g.chapter("swf");
    g.step(
        "register ExampleDomain",
        &[
            "swf",
            "register-domain",
            "--name",
            "ExampleDomain",
            "--workflow-execution-retention-period-in-days",
            "1",
        ],
        vec![ok()],
    );
    g.same(
        "list-domains REGISTERED",
        &["swf", "list-domains", "--registration-status", "REGISTERED"],
        FORMATS,
        vec![
            is("domainInfos[0].name", "ExampleDomain"),
            is("domainInfos[0].status", "REGISTERED"),
        ],
    );
    g.same(
        "describe-domain",
        &["swf", "describe-domain", "--name", "ExampleDomain"],
        FORMATS,
        vec![
            is("domainInfo.name", "ExampleDomain"),
            is("configuration.workflowExecutionRetentionPeriodInDays", "1"),
        ],
    );
    g.step(
        "register-domain retention 0",
        &[
            "swf",
            "register-domain",
            "--name",
            "MyNeatNewDomain",
            "--workflow-execution-retention-period-in-days",
            "0",
        ],
        vec![ok(), guide_support::out_lacks("{")],
    );
    g.same(
        "describe-domain new",
        &["swf", "describe-domain", "--name", "MyNeatNewDomain"],
        FORMATS,
        vec![
            is("domainInfo.status", "REGISTERED"),
            is("configuration.workflowExecutionRetentionPeriodInDays", "0"),
        ],
    );
    g.step(
        "deprecate-domain",
        &["swf", "deprecate-domain", "--name", "MyNeatNewDomain"],
        vec![ok()],
    );
    g.same(
        "list-domains REGISTERED after deprecate",
        &["swf", "list-domains", "--registration-status", "REGISTERED"],
        FORMATS,
        vec![is("domainInfos#", "1")],
    );
    g.same(
        "list-domains DEPRECATED",
        &["swf", "list-domains", "--registration-status", "DEPRECATED"],
        FORMATS,
        vec![
            is("domainInfos[0].name", "MyNeatNewDomain"),
            is("domainInfos[0].status", "DEPRECATED"),
        ],
    );
}

fn parameters(g: &mut Guide) {
    g.chapter("parameters");
    g.step(
        "create-key-pair my-key-pair",
        &["ec2", "create-key-pair", "--key-name", "my-key-pair"],
        vec![ok(), is("KeyName", "my-key-pair")],
    );
    g.step(
        "create-key-pair 'my key pair'",
        &["ec2", "create-key-pair", "--key-name", "my key pair"],
        vec![ok(), is("KeyName", "my key pair")],
    );
    g.step(
        "create mykey",
        &["ec2", "create-key-pair", "--key-name", "mykey"],
        vec![ok()],
    );
    g.step(
        "delete-key-pair --key-name=mykey",
        &["ec2", "delete-key-pair", "--key-name=mykey"],
        vec![ok()],
    );
    g.same(
        "mykey is gone",
        &["ec2", "describe-key-pairs", "--query", "KeyPairs[].KeyName"],
        FORMATS,
        vec![out_lacks("\"mykey\"")],
    );
    g.same(
        "describe-spot-price-history --start-time",
        &[
            "ec2",
            "describe-spot-price-history",
            "--start-time",
            "2014-10-13T19:00:00Z",
        ],
        FORMATS,
        vec![],
    );
    g.same(
        "describe-spot-price-history --instance-types",
        &[
            "ec2",
            "describe-spot-price-history",
            "--instance-types",
            "m1.xlarge",
            "m1.medium",
        ],
        FORMATS,
        vec![],
    );
    g.same(
        "describe-spot-price-history --dry-run",
        &["ec2", "describe-spot-price-history", "--dry-run"],
        &[],
        vec![],
    );
    g.step(
        "--dry-run reports DryRunOperation",
        &["ec2", "describe-spot-price-history", "--dry-run"],
        vec![code(254), err_has("DryRunOperation")],
    );
    g.same(
        "describe-spot-price-history --max-items 5",
        &["ec2", "describe-spot-price-history", "--max-items", "5"],
        FORMATS,
        vec![],
    );
    g.step(
        "create my-bucket",
        &["s3api", "create-bucket", "--bucket", "my-bucket"],
        vec![ok()],
    );
    std::fs::write(
        g.env.dir().join("image.png"),
        [0x89u8, b'P', b'N', b'G', 0, 1, 2, 255],
    )
    .expect("file");
    let image = g.env.dir().join("image.png").to_string_lossy().into_owned();
    g.step(
        "put-object --body path",
        &[
            "s3api",
            "put-object",
            "--bucket",
            "my-bucket",
            "--key",
            "testimage.png",
            "--body",
            &image,
        ],
        vec![ok(), present("ETag")],
    );
    g.step(
        "object has the file's bytes",
        &[
            "s3api",
            "head-object",
            "--bucket",
            "my-bucket",
            "--key",
            "testimage.png",
        ],
        vec![ok(), is("ContentLength", "8")],
    );
    g.step(
        "create my-table",
        &[
            "dynamodb",
            "create-table",
            "--table-name",
            "my-table",
            "--attribute-definitions",
            "AttributeName=id,AttributeType=N",
            "--key-schema",
            "AttributeName=id,KeyType=HASH",
            "--provisioned-throughput",
            "ReadCapacityUnits=1,WriteCapacityUnits=1",
        ],
        vec![ok()],
    );
    g.step(
        "put John",
        &[
            "dynamodb",
            "put-item",
            "--table-name",
            "my-table",
            "--item",
            r#"{"id": {"N": "1"}, "name": {"S": "John"}}"#,
        ],
        vec![ok()],
    );
    g.same(
        "get-item --key JSON",
        &[
            "dynamodb",
            "get-item",
            "--table-name",
            "my-table",
            "--key",
            r#"{"id": {"N": "1"}}"#,
        ],
        FORMATS,
        vec![is("Item.name.S", "John"), is("Item.id.N", "1")],
    );
    g.step(
        "placeholder ami-12345678",
        &[
            "ec2",
            "describe-images",
            "--owners",
            "amazon",
            "--query",
            "Images[0].ImageId",
            "--output",
            "text",
        ],
        vec![ok(), save_text("AMI")],
    );
    g.step(
        "run t2.micro",
        &[
            "ec2",
            "run-instances",
            "--image-id",
            "{AMI}",
            "--instance-type",
            "t2.micro",
        ],
        vec![ok()],
    );
    g.step(
        "run m1.medium",
        &[
            "ec2",
            "run-instances",
            "--image-id",
            "{AMI}",
            "--instance-type",
            "m1.medium",
        ],
        vec![ok()],
    );
    g.same(
        "filters shorthand",
        &[
            "ec2",
            "describe-instances",
            "--filters",
            "Name=instance-type,Values=t2.micro,m1.medium",
            "--query",
            "Reservations[].Instances[].InstanceType",
        ],
        FORMATS,
        vec![is("#", "2")],
    );
    g.same(
        "filters shorthand two filters",
        &[
            "ec2",
            "describe-instances",
            "--filters",
            "Name=instance-type,Values=t2.micro,m1.medium",
            "Name=availability-zone,Values=us-east-1a",
            "--query",
            "Reservations[].Instances[].InstanceType",
        ],
        FORMATS,
        vec![],
    );
    g.same(
        "filters JSON",
        &[
            "ec2",
            "describe-instances",
            "--filters",
            r#"{"Name": "instance-type", "Values": ["t2.micro", "m1.medium"]}"#,
            "--query",
            "Reservations[].Instances[].InstanceType",
        ],
        FORMATS,
        vec![is("#", "2")],
    );
    g.step("block-device-mappings JSON", &["ec2", "run-instances", "--image-id", "{AMI}", "--block-device-mappings", r#"[{"DeviceName":"/dev/sdb", "Ebs": {"VolumeSize":20, "DeleteOnTermination":false, "VolumeType":"standard"}}]"#],
        vec![ok(), is("Instances#", "1")]);
    g.step(
        "create deadletter queue",
        &["sqs", "create-queue", "--queue-name", "deadletter"],
        vec![ok()],
    );
    g.step("create-queue --attributes JSON string", &["sqs", "create-queue", "--queue-name", "my-queue", "--attributes",
        r#"{ "RedrivePolicy": "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:123456789012:deadletter\", \"maxReceiveCount\":5}" }"#],
        vec![ok(), out_has("/my-queue")]);
    g.same(
        "queue attributes",
        &[
            "sqs",
            "get-queue-attributes",
            "--queue-url",
            &format!("{}/123456789012/my-queue", g.env.endpoint()),
            "--attribute-names",
            "RedrivePolicy",
        ],
        &["json", "text"],
        vec![out_has("deadletter")],
    );
    g.file(
        "filter.json",
        r#"[{"Name": "instance-type", "Values": ["t2.micro", "m1.medium"]}]"#,
    );
    g.same(
        "filters file://",
        &[
            "ec2",
            "describe-instances",
            "--filters",
            "file://filter.json",
            "--query",
            "Reservations[].Instances[].InstanceType",
        ],
        FORMATS,
        vec![is("#", "2")],
    );
    let abs = format!("file://{}", g.env.dir().join("filter.json").display());
    g.same(
        "filters file:///absolute",
        &[
            "ec2",
            "describe-instances",
            "--filters",
            &abs,
            "--query",
            "Reservations[].Instances[].InstanceType",
        ],
        FORMATS,
        vec![is("#", "2")],
    );
    g.file("attributes.json", "{\n  \"RedrivePolicy\": \"{ \\\"deadLetterTargetArn\\\": \\\"arn:aws:sqs:us-east-1:123456789012:deadletter\\\", \\\"maxReceiveCount\\\": \\\"5\\\" }\"\n}\n");
    g.step(
        "create-queue --attributes file://",
        &[
            "sqs",
            "create-queue",
            "--queue-name",
            "my-queue2",
            "--attributes",
            "file://attributes.json",
        ],
        vec![ok(), out_has("/my-queue2")],
    );
    g.file("test.txt", "test");
    std::fs::write(g.env.dir().join("sse.key"), [7u8; 32]).expect("key");
    g.same(
        "put-object --sse-customer-key fileb://",
        &[
            "s3api",
            "put-object",
            "--bucket",
            "my-bucket",
            "--key",
            "test.txt",
            "--body",
            "test.txt",
            "--sse-customer-key",
            "fileb://sse.key",
            "--sse-customer-algorithm",
            "AES256",
        ],
        &[],
        vec![
            is("SSECustomerAlgorithm", "AES256"),
            present("SSECustomerKeyMD5"),
        ],
    );
    g.shell(
        "key MD5",
        "openssl dgst -md5 -binary sse.key | base64 > sse.md5",
    );
    let md5 = std::fs::read_to_string(g.env.dir().join("sse.md5")).unwrap_or_default();
    g.set("KEYMD5", md5.trim());
    g.step(
        "SSE-C key base64 and MD5 headers sent",
        &[
            "s3api",
            "put-object",
            "--bucket",
            "my-bucket",
            "--key",
            "test.txt",
            "--body",
            "test.txt",
            "--sse-customer-key",
            "fileb://sse.key",
            "--sse-customer-algorithm",
            "AES256",
            "--debug",
        ],
        vec![ok(), err_has("{KEYMD5}"), err_has("AES256")],
    );
    g.step(
        "http:// value is literal",
        &[
            "ec2",
            "run-instances",
            "--image-id",
            "{AMI}",
            "--block-device-mappings",
            "http://my-bucket.s3.amazonaws.com/filename.json",
        ],
        vec![
            code(252),
            err_has("http://my-bucket.s3.amazonaws.com/filename.json"),
        ],
    );
}

fn skeletons(g: &mut Guide) {
    g.chapter("skeletons");
    g.step(
        "placeholder ami",
        &[
            "ec2",
            "describe-images",
            "--owners",
            "amazon",
            "--query",
            "Images[0].ImageId",
            "--output",
            "text",
        ],
        vec![ok(), save_text("AMI")],
    );
    g.step(
        "key pair",
        &["ec2", "create-key-pair", "--key-name", "KeyPair"],
        vec![ok()],
    );
    g.step(
        "security group",
        &[
            "ec2",
            "create-security-group",
            "--group-name",
            "my-sg",
            "--description",
            "sg",
        ],
        vec![ok()],
    );
    g.step(
        "run-instances --generate-cli-skeleton",
        &["ec2", "run-instances", "--generate-cli-skeleton"],
        vec![
            ok(),
            is("DryRun", "true"),
            is("ImageId", ""),
            is("MinCount", "0"),
            is("MaxCount", "0"),
            present("BlockDeviceMappings"),
        ],
    );
    g.file(
        "ec2runinst.json",
        "{\n    \"DryRun\": true,\n    \"ImageId\": \"{AMI}\",\n    \"KeyName\": \"KeyPair\",\n    \"SecurityGroups\": [\n        \"my-sg\"\n    ],\n    \"InstanceType\": \"t2.micro\",\n    \"Monitoring\": {\n        \"Enabled\": true\n    }\n}\n",
    );
    g.same(
        "--cli-input-json dry run",
        &[
            "ec2",
            "run-instances",
            "--cli-input-json",
            "file://ec2runinst.json",
        ],
        &[],
        vec![],
    );
    g.step(
        "dry run error",
        &[
            "ec2",
            "run-instances",
            "--cli-input-json",
            "file://ec2runinst.json",
        ],
        vec![
            code(254),
            err_has("DryRunOperation"),
            err_has("Request would have succeeded, but DryRun flag is set"),
        ],
    );
    let text = std::fs::read_to_string(g.env.dir().join("ec2runinst.json")).unwrap_or_default();
    g.env.write_file(
        "ec2runinst.json",
        &text.replace("\"DryRun\": true", "\"DryRun\": false"),
    );
    g.step(
        "--cli-input-json",
        &[
            "ec2",
            "run-instances",
            "--cli-input-json",
            "file://ec2runinst.json",
        ],
        vec![
            ok(),
            is("Instances[0].ImageId", "{AMI}"),
            is("Instances[0].KeyName", "KeyPair"),
            is("Instances[0].InstanceType", "t2.micro"),
            is("Instances[0].Monitoring.State", "enabled"),
        ],
    );
}

fn output(g: &mut Guide) {
    g.chapter("output");
    g.step(
        "register domain",
        &[
            "swf",
            "register-domain",
            "--name",
            "ExampleDomain",
            "--workflow-execution-retention-period-in-days",
            "1",
        ],
        vec![ok()],
    );
    g.same(
        "swf list-domains --output json",
        &[
            "swf",
            "list-domains",
            "--registration-status",
            "REGISTERED",
            "--output",
            "json",
        ],
        &[],
        vec![is("domainInfos#", "1")],
    );
    g.step(
        "placeholder ami",
        &[
            "ec2",
            "describe-images",
            "--owners",
            "amazon",
            "--query",
            "Images[0].ImageId",
            "--output",
            "text",
        ],
        vec![ok(), save_text("AMI")],
    );
    g.step(
        "run two instances",
        &[
            "ec2",
            "run-instances",
            "--image-id",
            "{AMI}",
            "--count",
            "2",
            "--placement",
            "AvailabilityZone=us-east-1a",
        ],
        vec![
            ok(),
            save("I1", "Instances[0].InstanceId"),
            save("I2", "Instances[1].InstanceId"),
        ],
    );
    g.step(
        "stop one",
        &["ec2", "stop-instances", "--instance-ids", "{I2}"],
        vec![ok()],
    );
    g.step(
        "volume 30",
        &[
            "ec2",
            "create-volume",
            "--size",
            "30",
            "--availability-zone",
            "us-east-1a",
        ],
        vec![ok(), save("V1", "VolumeId")],
    );
    g.step(
        "volume 80 io1",
        &[
            "ec2",
            "create-volume",
            "--size",
            "80",
            "--availability-zone",
            "us-east-1a",
            "--volume-type",
            "io1",
            "--iops",
            "3000",
        ],
        vec![ok(), save("V2", "VolumeId")],
    );
    g.step(
        "attach volume",
        &[
            "ec2",
            "attach-volume",
            "--volume-id",
            "{V1}",
            "--instance-id",
            "{I1}",
            "--device",
            "/dev/sdf",
        ],
        vec![ok()],
    );
    g.same(
        "describe-volumes --output text",
        &["ec2", "describe-volumes", "--output", "text"],
        &[],
        vec![out_has("VOLUMES"), out_has("ATTACHMENTS")],
    );
    g.same(
        "describe-volumes query text with FakeKey",
        &[
            "ec2",
            "describe-volumes",
            "--query",
            "Volumes[*].[VolumeId, Attachments[0].InstanceId, AvailabilityZone, Size, FakeKey]",
            "--output",
            "text",
        ],
        &[],
        vec![out_has("None")],
    );
    g.same(
        "describe-instances query text",
        &[
            "ec2",
            "describe-instances",
            "--query",
            "Reservations[*].Instances[*].[Placement.AvailabilityZone, State.Name, InstanceId]",
            "--output",
            "text",
        ],
        &[],
        vec![out_has("{I1}")],
    );
    g.same(
        "describe-instances State.Name text",
        &[
            "ec2",
            "describe-instances",
            "--query",
            "Reservations[*].Instances[*].[State.Name, InstanceId]",
            "--output",
            "text",
        ],
        &[],
        vec![out_has("stopped")],
    );
    g.step(
        "modify-instance-attribute",
        &[
            "ec2",
            "modify-instance-attribute",
            "--instance-id",
            "{I2}",
            "--instance-type",
            r#"{"Value": "m1.medium"}"#,
        ],
        vec![ok()],
    );
    g.same(
        "instance type changed",
        &[
            "ec2",
            "describe-instances",
            "--instance-ids",
            "{I2}",
            "--query",
            "Reservations[0].Instances[0].InstanceType",
        ],
        FORMATS,
        vec![out_has("m1.medium")],
    );
    g.step(
        "user susan",
        &["iam", "create-user", "--user-name", "susan"],
        vec![ok()],
    );
    for group in [
        "HRDepartment",
        "Developers",
        "SpreadsheetUsers",
        "LocalAdmins",
    ] {
        g.step(
            &format!("group {group}"),
            &["iam", "create-group", "--group-name", group],
            vec![ok()],
        );
        g.step(
            &format!("susan in {group}"),
            &[
                "iam",
                "add-user-to-group",
                "--user-name",
                "susan",
                "--group-name",
                group,
            ],
            vec![ok()],
        );
    }
    g.same(
        "list-groups-for-user one line",
        &[
            "iam",
            "list-groups-for-user",
            "--user-name",
            "susan",
            "--output",
            "text",
            "--query",
            "Groups[*].GroupName",
        ],
        &[],
        vec![out_has("HRDepartment\tDevelopers")],
    );
    g.same(
        "list-groups-for-user one per line",
        &[
            "iam",
            "list-groups-for-user",
            "--user-name",
            "susan",
            "--output",
            "text",
            "--query",
            "Groups[*].[GroupName]",
        ],
        &[],
        vec![out_has("HRDepartment\nDevelopers\n")],
    );
    g.same(
        "describe-volumes --output table",
        &["ec2", "describe-volumes", "--output", "table"],
        &[],
        vec![out_has("DescribeVolumes")],
    );
    g.same("table with dictionary query", &["ec2", "describe-volumes", "--query", "Volumes[*].{ID:VolumeId,InstanceId:Attachments[0].InstanceId,AZ:AvailabilityZone,Size:Size}", "--output", "table"], &[], vec![out_has("DescribeVolumes")]);
    g.same(
        "table with list query",
        &[
            "ec2",
            "describe-volumes",
            "--query",
            "Volumes[*].[VolumeId,Attachments[0].InstanceId,AvailabilityZone,Size]",
            "--output",
            "table",
        ],
        &[],
        vec![out_has("{V1}")],
    );
    g.same(
        "describe-volumes",
        &["ec2", "describe-volumes"],
        &[],
        vec![present("Volumes")],
    );
    g.same(
        "Volumes[0]",
        &["ec2", "describe-volumes", "--query", "Volumes[0]"],
        FORMATS,
        vec![present("VolumeId")],
    );
    g.same(
        "ID AZ Size",
        &[
            "ec2",
            "describe-volumes",
            "--query",
            "Volumes[*].{ID:VolumeId,AZ:AvailabilityZone,Size:Size}",
        ],
        FORMATS,
        vec![],
    );
    g.same("ID InstanceId AZ Size", &["ec2", "describe-volumes", "--query", "Volumes[*].{ID:VolumeId,InstanceId:Attachments[0].InstanceId,AZ:AvailabilityZone,Size:Size}"], FORMATS, vec![]);
    g.same(
        "list projection",
        &[
            "ec2",
            "describe-volumes",
            "--query",
            "Volumes[*].[VolumeId, Attachments[0].InstanceId, AvailabilityZone, Size]",
        ],
        FORMATS,
        vec![],
    );
    g.same(
        "filter AvailabilityZone",
        &[
            "ec2",
            "describe-volumes",
            "--query",
            "Volumes[?AvailabilityZone==`us-east-1a`]",
        ],
        &["json", "text"],
        vec![],
    );
    g.same(
        "filters and Size > 50",
        &[
            "ec2",
            "describe-volumes",
            "--filters",
            "Name=availability-zone,Values=us-east-1a",
            "Name=status,Values=available",
            "--query",
            "Volumes[?Size > `50`].{Id:VolumeId,Size:Size,Type:VolumeType}",
        ],
        FORMATS,
        vec![is("[0].Size", "80"), is("[0].Type", "io1")],
    );
    g.same(
        "sort_by images",
        &[
            "ec2",
            "describe-images",
            "--owners",
            "amazon",
            "--filters",
            "Name=name,Values=amzn*",
            "Name=virtualization-type,Values=hvm",
            "Name=root-device-type,Values=ebs",
            "--query",
            "sort_by(Images, &CreationDate)[-1].ImageId",
            "--output",
            "text",
        ],
        &[],
        vec![],
    );
    g.same(
        "describe-vpc-endpoint-services",
        &[
            "--region",
            "us-east-1",
            "ec2",
            "describe-vpc-endpoint-services",
            "--query",
            "ServiceDetails[?ServiceName==`com.amazonaws.us-east-1.ecs`].AvailabilityZones",
        ],
        &[],
        vec![],
    );
    g.same(
        "length Iops > 1000",
        &[
            "ec2",
            "describe-volumes",
            "--filters",
            "Name=status,Values=available",
            "--query",
            "length(Volumes[?Iops > `1000`])",
        ],
        &[],
        vec![out_has("1")],
    );
    g.step(
        "snapshot",
        &["ec2", "create-snapshot", "--volume-id", "{V1}"],
        vec![ok()],
    );
    g.same(
        "describe-snapshots StartTime",
        &[
            "ec2",
            "describe-snapshots",
            "--owner",
            "self",
            "--output",
            "json",
            "--query",
            "Snapshots[?StartTime>=`2018-02-07`].{Id:SnapshotId,Vid:VolumeId,Size:VolumeSize}",
        ],
        &[],
        vec![out_has("{V1}")],
    );
    g.step(
        "create-image",
        &[
            "ec2",
            "create-image",
            "--instance-id",
            "{I1}",
            "--name",
            "my-image",
        ],
        vec![ok()],
    );
    g.same(
        "reverse sort_by images",
        &[
            "ec2",
            "describe-images",
            "--owners",
            "self",
            "--query",
            "reverse(sort_by(Images,&CreationDate))[:5].{id:ImageId,date:CreationDate}",
        ],
        &[],
        vec![is("#", "1")],
    );
    g.same(
        "autoscaling query",
        &[
            "autoscaling",
            "describe-auto-scaling-groups",
            "--auto-scaling-group-name",
            "My-AutoScaling-Group-Name",
            "--output",
            "text",
            "--query",
            "AutoScalingGroups[*].Instances[?HealthStatus==`Unhealthy`].InstanceId",
        ],
        &[],
        vec![],
    );
    g.step(
        "MyDDBTable",
        &[
            "dynamodb",
            "create-table",
            "--table-name",
            "MyDDBTable",
            "--attribute-definitions",
            "AttributeName=id,AttributeType=S",
            "--key-schema",
            "AttributeName=id,KeyType=HASH",
            "--provisioned-throughput",
            "ReadCapacityUnits=1,WriteCapacityUnits=1",
        ],
        vec![ok()],
    );
    g.step(
        "update-table shorthand",
        &[
            "dynamodb",
            "update-table",
            "--provisioned-throughput",
            "ReadCapacityUnits=15,WriteCapacityUnits=10",
            "--table-name",
            "MyDDBTable",
        ],
        vec![
            ok(),
            is(
                "TableDescription.ProvisionedThroughput.ReadCapacityUnits",
                "15",
            ),
        ],
    );
    g.step(
        "update-table JSON",
        &[
            "dynamodb",
            "update-table",
            "--provisioned-throughput",
            r#"{"ReadCapacityUnits":16,"WriteCapacityUnits":10}"#,
            "--table-name",
            "MyDDBTable",
        ],
        vec![
            ok(),
            is(
                "TableDescription.ProvisionedThroughput.ReadCapacityUnits",
                "16",
            ),
        ],
    );
    g.step(
        "run a third instance",
        &["ec2", "run-instances", "--image-id", "{AMI}"],
        vec![ok(), save("I3", "Instances[0].InstanceId")],
    );
    g.step(
        "stop-instances list",
        &["ec2", "stop-instances", "--instance-ids", "{I1}", "{I3}"],
        vec![ok(), is("StoppingInstances#", "2")],
    );
    g.step(
        "start again",
        &["ec2", "start-instances", "--instance-ids", "{I1}", "{I3}"],
        vec![ok()],
    );
    g.step(
        "stop-instances JSON list",
        &[
            "ec2",
            "stop-instances",
            "--instance-ids",
            r#"["{I1}","{I3}"]"#,
        ],
        vec![ok(), is("StoppingInstances#", "2")],
    );
    g.step(
        "create-tags shorthand",
        &[
            "ec2",
            "create-tags",
            "--resources",
            "{I1}",
            "--tags",
            "Key=My1stTag,Value=Value1",
            "Key=My2ndTag,Value=Value2",
            "Key=My3rdTag,Value=Value3",
        ],
        vec![ok()],
    );
    g.step("create-tags JSON", &["ec2", "create-tags", "--resources", "{I3}", "--tags", "[\n    {\"Key\": \"My1stTag\", \"Value\": \"Value1\"},\n    {\"Key\": \"My2ndTag\", \"Value\": \"Value2\"},\n    {\"Key\": \"My3rdTag\", \"Value\": \"Value3\"}\n  ]"], vec![ok()]);
    g.same(
        "tags equal",
        &[
            "ec2",
            "describe-tags",
            "--filters",
            "Name=key,Values=My1stTag,My2ndTag,My3rdTag",
            "--query",
            "Tags[].[ResourceId,Key,Value]",
        ],
        FORMATS,
        vec![is("#", "6")],
    );
}

fn pagination(g: &mut Guide) {
    g.chapter("pagination");
    g.step(
        "bucket",
        &["s3api", "create-bucket", "--bucket", "my-bucket"],
        vec![ok()],
    );
    g.file("obj.txt", "o");
    for i in 0..7 {
        g.step(
            &format!("object {i}"),
            &[
                "s3api",
                "put-object",
                "--bucket",
                "my-bucket",
                "--key",
                &format!("k{i}"),
                "--body",
                "obj.txt",
            ],
            vec![ok()],
        );
    }
    g.same(
        "list-objects --page-size",
        &[
            "s3api",
            "list-objects",
            "--bucket",
            "my-bucket",
            "--page-size",
            "2",
            "--query",
            "Contents[].Key",
        ],
        FORMATS,
        vec![is("#", "7")],
    );
    g.same(
        "list-objects --max-items",
        &[
            "s3api",
            "list-objects",
            "--bucket",
            "my-bucket",
            "--max-items",
            "3",
            "--query",
            "Contents[].Key",
        ],
        FORMATS,
        vec![is("#", "3")],
    );
    g.step(
        "NextToken",
        &[
            "s3api",
            "list-objects",
            "--bucket",
            "my-bucket",
            "--max-items",
            "3",
        ],
        vec![ok(), is("Contents#", "3"), save("TOKEN", "NextToken")],
    );
    g.same(
        "list-objects --starting-token",
        &[
            "s3api",
            "list-objects",
            "--bucket",
            "my-bucket",
            "--max-items",
            "3",
            "--starting-token",
            "{TOKEN}",
            "--query",
            "Contents[].Key",
        ],
        FORMATS,
        vec![is("[0]", "k3")],
    );
    g.same(
        "--no-paginate",
        &[
            "s3api",
            "list-objects",
            "--bucket",
            "my-bucket",
            "--no-paginate",
            "--query",
            "length(Contents)",
        ],
        &[],
        vec![out_has("7")],
    );
}

/// The obsolete aliases of the guide's migration table: (service, operation, alias).
const OBSOLETE_ALIASES: &[(&str, &str, &str)] = &[
    (
        "cognito-identity",
        "create-identity-pool",
        "open-id-connect-provider-ar-ns",
    ),
    ("storagegateway", "describe-tapes", "tape-ar-ns"),
    ("storagegateway", "describe-tape-archives", "tape-ar-ns"),
    ("storagegateway", "describe-vtl-devices", "vtl-device-ar-ns"),
    (
        "storagegateway",
        "describe-cached-iscsi-volumes",
        "volume-ar-ns",
    ),
    (
        "storagegateway",
        "describe-stored-iscsi-volumes",
        "volume-ar-ns",
    ),
    ("route53domains", "view-billing", "start"),
    ("deploy", "create-deployment-group", "ec-2-tag-set"),
    ("deploy", "list-application-revisions", "s-3-bucket"),
    ("deploy", "list-application-revisions", "s-3-key-prefix"),
    ("deploy", "update-deployment-group", "ec-2-tag-set"),
    ("iam", "enable-mfa-device", "authentication-code-1"),
    ("iam", "enable-mfa-device", "authentication-code-2"),
    ("iam", "resync-mfa-device", "authentication-code-1"),
    ("iam", "resync-mfa-device", "authentication-code-2"),
    ("importexport", "get-shipping-label", "street-1"),
    ("importexport", "get-shipping-label", "street-2"),
    ("importexport", "get-shipping-label", "street-3"),
    ("lambda", "publish-version", "code-sha-256"),
    ("lightsail", "import-key-pair", "public-key-base-64"),
    ("opsworks", "register-volume", "ec-2-volume-id"),
];

fn migration(g: &mut Guide) {
    g.chapter("migration");
    for (service, op, alias) in OBSOLETE_ALIASES {
        let flag = format!("--{alias}");
        g.step(
            &format!("{service} {op} {flag} rejected"),
            &[service, op, &flag, "x"],
            vec![code(252), guide_support::out_lacks("{")],
        );
    }
    g.step(
        "ssm put-parameter http:// literal",
        &[
            "ssm",
            "put-parameter",
            "--value",
            "http://www.google.com",
            "--name",
            "prod.microservice1.db.secret",
            "--type",
            "String",
        ],
        vec![ok(), is("Version", "1")],
    );
    g.step(
        "the emulator got the literal text",
        &[
            "ssm",
            "get-parameter",
            "--name",
            "prod.microservice1.db.secret",
            "--query",
            "Parameter.Value",
            "--output",
            "text",
        ],
        vec![ok(), out_has("http://www.google.com\n")],
    );
    g.step(
        "create-user",
        &["iam", "create-user", "--user-name", "clock"],
        vec![ok()],
    );
    let iso = regex::Regex::new(
        r#""CreateDate": "\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})""#,
    )
    .expect("regex");
    let out = g.step(
        "ISO 8601 timestamps",
        &["iam", "get-user", "--user-name", "clock"],
        vec![ok()],
    );
    g.record(
        "ISO 8601 form",
        match iso.is_match(&out.stdout) {
            true => Ok(()),
            false => Err(format!("not ISO 8601: {}", out.stdout)),
        },
    );
    g.step(
        "a secret, whose dates are epoch numbers on the wire",
        &[
            "secretsmanager",
            "create-secret",
            "--name",
            "clock",
            "--secret-string",
            "tick",
        ],
        vec![ok()],
    );
    let config = std::fs::read_to_string(g.env.dir().join("config")).unwrap_or_default();
    g.env
        .write_file("config", "[default]\ncli_timestamp_format = wire\n");
    g.same(
        "cli_timestamp_format = wire, numbers as numbers",
        &["secretsmanager", "describe-secret", "--secret-id", "clock"],
        FORMATS,
        vec![present("CreatedDate")],
    );
    g.same(
        "cli_timestamp_format = wire",
        &["iam", "get-user", "--user-name", "clock"],
        FORMATS,
        vec![present("User.CreateDate")],
    );
    g.env
        .write_file("config", "[default]\n[plugins]\ncwlogs = cwlogs\n");
    g.step(
        "[plugins] message",
        &["sts", "get-caller-identity"],
        vec![ok(), err_has("[plugins]"), err_has("not supported")],
    );
    g.env.write_file("config", &config);
    let version = g
        .env
        .run_raw(aws2_e2e::Cli::Aws2, &["--version".to_owned()], false);
    g.record(
        "version aws-cli/2",
        match version.stdout.starts_with("aws-cli/2") {
            true => Ok(()),
            false => Err(format!("version is {:?}", version.stdout)),
        },
    );
}

fn customizations(g: &mut Guide) {
    g.chapter("customizations");
    g.step(
        "placeholder ami",
        &[
            "ec2",
            "describe-images",
            "--owners",
            "amazon",
            "--query",
            "Images[0].ImageId",
            "--output",
            "text",
        ],
        vec![ok(), save_text("AMI")],
    );
    g.step(
        "run-instances --secondary-private-ip-address-count --associate-public-ip-address",
        &[
            "ec2",
            "run-instances",
            "--image-id",
            "{AMI}",
            "--secondary-private-ip-address-count",
            "2",
            "--associate-public-ip-address",
        ],
        vec![
            ok(),
            present("Instances[0].NetworkInterfaces[0].Association.PublicIp"),
        ],
    );
    g.step(
        "run-instances --secondary-private-ip-addresses",
        &[
            "ec2",
            "run-instances",
            "--image-id",
            "{AMI}",
            "--secondary-private-ip-addresses",
            "172.31.0.50",
            "--no-associate-public-ip-address",
        ],
        vec![ok(), is("Instances#", "1")],
    );
    for (label, extra) in [
        (
            "request: secondary addresses, subnet, groups, public IP",
            &[
                "--secondary-private-ip-addresses",
                "172.31.0.50",
                "172.31.0.51",
                "--associate-public-ip-address",
                "--subnet-id",
                "subnet-x",
                "--security-group-ids",
                "sg-1",
            ][..],
        ),
        (
            "request: primary address with secondary addresses",
            &[
                "--secondary-private-ip-addresses",
                "172.31.0.50",
                "--private-ip-address",
                "172.31.0.9",
                "--no-associate-public-ip-address",
            ][..],
        ),
        (
            "request: address count and IPv6 count",
            &[
                "--secondary-private-ip-address-count",
                "3",
                "--ipv6-address-count",
                "1",
                "--subnet-id",
                "subnet-x",
            ][..],
        ),
    ] {
        let mut args = vec![
            "ec2".to_owned(),
            "run-instances".to_owned(),
            "--image-id".to_owned(),
            g.var("AMI"),
            "--debug".to_owned(),
        ];
        args.extend(extra.iter().map(|s| (*s).to_owned()));
        let ours = interface_fields(&g.env.run(aws2_e2e::Cli::Aws2, &args).stderr, false);
        let theirs = interface_fields(&g.env.run(aws2_e2e::Cli::Oracle, &args).stderr, true);
        g.record(
            label,
            match !ours.is_empty() && ours == theirs {
                true => Ok(()),
                false => Err(format!(
                    "NetworkInterface fields sent differ: aws2 {ours:?}, v1 {theirs:?}"
                )),
            },
        );
    }
    g.step(
        "bad --secondary-private-ip-address-count",
        &[
            "ec2",
            "run-instances",
            "--image-id",
            "{AMI}",
            "--secondary-private-ip-address-count",
            "two",
        ],
        vec![code(252)],
    );
    g.step(
        "create-key-pair",
        &[
            "ec2",
            "create-key-pair",
            "--key-name",
            "win",
            "--query",
            "KeyMaterial",
            "--output",
            "text",
        ],
        vec![ok(), save_text("PEM")],
    );
    let pem = g.var("PEM");
    g.env.write_file("win.pem", &format!("{pem}\n"));
    g.step(
        "placeholder Windows AMI",
        &[
            "ec2",
            "describe-images",
            "--owners",
            "amazon",
            "--query",
            "Images[?Platform==`windows`].ImageId | [0]",
            "--output",
            "text",
        ],
        vec![ok(), save_text("WINAMI")],
    );
    g.step(
        "placeholder Linux AMI",
        &[
            "ec2",
            "describe-images",
            "--owners",
            "amazon",
            "--query",
            "Images[?Platform!=`windows`].ImageId | [0]",
            "--output",
            "text",
        ],
        vec![ok(), save_text("LINUXAMI")],
    );
    g.step(
        "run a Linux instance",
        &[
            "ec2",
            "run-instances",
            "--image-id",
            "{LINUXAMI}",
            "--key-name",
            "win",
        ],
        vec![ok(), save("LI", "Instances[0].InstanceId")],
    );
    g.same(
        "get-password-data --priv-launch-key, no password",
        &[
            "ec2",
            "get-password-data",
            "--instance-id",
            "{LI}",
            "--priv-launch-key",
            "win.pem",
        ],
        FORMATS,
        vec![is("InstanceId", "{LI}"), is("PasswordData", "")],
    );
    // moto's Windows password data is random text, not encrypted with the key pair: both CLIs
    // must refuse it the same way.
    g.step(
        "run a Windows instance",
        &[
            "ec2",
            "run-instances",
            "--image-id",
            "{WINAMI}",
            "--key-name",
            "win",
        ],
        vec![ok(), save("WI", "Instances[0].InstanceId")],
    );
    g.same(
        "get-password-data --priv-launch-key, undecryptable",
        &[
            "ec2",
            "get-password-data",
            "--instance-id",
            "{WI}",
            "--priv-launch-key",
            "win.pem",
        ],
        &[],
        vec![
            code(255),
            err_has("Unable to decrypt password data using provided private key file."),
        ],
    );
    g.same(
        "get-password-data missing key file",
        &[
            "ec2",
            "get-password-data",
            "--instance-id",
            "{WI}",
            "--priv-launch-key",
            "missing.pem",
        ],
        &[],
        vec![err_has("priv-launch-key should be a path")],
    );
    g.step(
        "create-virtual-mfa-device QRCodePNG",
        &[
            "iam",
            "create-virtual-mfa-device",
            "--virtual-mfa-device-name",
            "qr",
            "--outfile",
            "QRCode.png",
            "--bootstrap-method",
            "QRCodePNG",
        ],
        vec![
            ok(),
            present("VirtualMFADevice.SerialNumber"),
            out_lacks("QRCodePNG"),
            out_lacks("Base32StringSeed"),
        ],
    );
    g.record(
        "QR code written",
        match std::fs::metadata(g.env.dir().join("QRCode.png")) {
            Ok(m) if m.len() > 0 => Ok(()),
            other => Err(format!("QRCode.png: {other:?}")),
        },
    );
    g.step(
        "create-virtual-mfa-device Base32StringSeed",
        &[
            "iam",
            "create-virtual-mfa-device",
            "--virtual-mfa-device-name",
            "seed",
            "--outfile",
            "seed.txt",
            "--bootstrap-method",
            "Base32StringSeed",
        ],
        vec![ok(), out_lacks("Base32StringSeed")],
    );
    let seed = std::fs::read_to_string(g.env.dir().join("seed.txt")).unwrap_or_default();
    g.record(
        "base32 seed written",
        match !seed.is_empty()
            && seed
                .chars()
                .all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c))
        {
            true => Ok(()),
            false => Err(format!("seed.txt is {seed:?}")),
        },
    );
    g.same(
        "create-virtual-mfa-device without --outfile",
        &[
            "iam",
            "create-virtual-mfa-device",
            "--virtual-mfa-device-name",
            "x",
            "--bootstrap-method",
            "QRCodePNG",
        ],
        &[],
        vec![],
    );
    g.same(
        "create-virtual-mfa-device bad method",
        &[
            "iam",
            "create-virtual-mfa-device",
            "--virtual-mfa-device-name",
            "x",
            "--outfile",
            "x.png",
            "--bootstrap-method",
            "SMS",
        ],
        &[],
        vec![],
    );
    // The AWS CLI v2 requires Glacier's --account-id (v1 defaulted it to `-`).
    g.same(
        "glacier create-vault without --account-id",
        &["glacier", "create-vault", "--vault-name", "v"],
        &[],
        vec![
            code(252),
            err_has("the following arguments are required: --account-id"),
        ],
    );
    g.step(
        "glacier create-vault --account-id -",
        &[
            "glacier",
            "create-vault",
            "--vault-name",
            "v",
            "--account-id",
            "-",
        ],
        vec![ok()],
    );
    g.step(
        "glacier list-vaults --account-id -",
        &["glacier", "list-vaults", "--account-id", "-"],
        vec![ok(), is("VaultList[0].VaultName", "v")],
    );
    g.same(
        "sts get-caller-identity",
        &["sts", "get-caller-identity"],
        FORMATS,
        vec![is("Account", "123456789012")],
    );
}

/// The `NetworkInterface.1.*` query fields of the request logged by `--debug`: our form body
/// (`k=v&…`) or the Python CLI's dict (`'k': v, …`).
fn interface_fields(stderr: &str, python: bool) -> std::collections::BTreeSet<String> {
    let re = match python {
        true => regex::Regex::new(r"'(NetworkInterface\.1\.[A-Za-z0-9.]+)': '?([^',}]*)'?"),
        false => regex::Regex::new(r"(NetworkInterface\.1\.[A-Za-z0-9.]+)=([^&\s]*)"),
    }
    .expect("valid regex");
    re.captures_iter(stderr)
        .map(|c| format!("{}={}", &c[1], &c[2]))
        .collect()
}

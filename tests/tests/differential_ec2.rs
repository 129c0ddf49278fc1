//! EC2 under both CLIs: shorthand and JSON filters, `file://` parameters, tag
//! specifications, `--query` projections and resources created by each CLI.

use aws2_e2e::{Case, CliEnv, MotoServer, Suite};

/// Key fingerprints and key material moto generates per key pair.
const KEY_MATERIAL: &str = r"([0-9a-f]{2}:){15,}[0-9a-f]{2}|-----BEGIN[^\n]*";

#[test]
fn ec2_matches_python_cli() {
    let moto = MotoServer::start();
    let suite = Suite::new(CliEnv::new(&moto.endpoint()));
    let env = suite.env();
    let id = |args: &[&str]| {
        env.setup(&[args, &["--output", "text"]].concat())
            .stdout
            .trim()
            .to_owned()
    };
    let vpc = id(&[
        "ec2",
        "create-vpc",
        "--cidr-block",
        "10.1.0.0/16",
        "--tag-specifications",
        "ResourceType=vpc,Tags=[{Key=Name,Value=e2e},{Key=team,Value=blue}]",
        "--query",
        "Vpc.VpcId",
    ]);
    let subnet = id(&[
        "ec2",
        "create-subnet",
        "--vpc-id",
        &vpc,
        "--cidr-block",
        "10.1.1.0/24",
        "--availability-zone",
        "us-east-1a",
        "--query",
        "Subnet.SubnetId",
    ]);
    let group = id(&[
        "ec2",
        "create-security-group",
        "--group-name",
        "web",
        "--description",
        "web servers",
        "--vpc-id",
        &vpc,
        "--query",
        "GroupId",
    ]);
    env.setup(&[
        "ec2",
        "authorize-security-group-ingress",
        "--group-id",
        &group,
        "--ip-permissions",
        "IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0,Description=\"https, anywhere\"}]",
    ]);
    env.setup(&["ec2", "create-key-pair", "--key-name", "e2e-key"]);
    let instance = id(&[
        "ec2",
        "run-instances",
        "--image-id",
        "ami-12c6146b",
        "--instance-type",
        "t2.micro",
        "--subnet-id",
        &subnet,
        "--tag-specifications",
        "ResourceType=instance,Tags=[{Key=Name,Value=app}]",
        "--query",
        "Instances[0].InstanceId",
    ]);
    env.write_file(
        "filters.json",
        &format!(r#"[{{"Name": "vpc-id", "Values": ["{vpc}"]}}, {{"Name": "group-name", "Values": ["web"]}}]"#),
    );

    let cases = vec![
        Case::new(&[
            "ec2",
            "describe-vpcs",
            "--filters",
            "Name=tag:Name,Values=e2e",
        ]),
        Case::new(&[
            "ec2",
            "describe-vpcs",
            "--vpc-ids",
            &vpc,
            "--query",
            "Vpcs[0].[CidrBlock, State, Tags[?Key=='team'].Value | [0]]",
        ]),
        Case::new(&[
            "ec2",
            "describe-subnets",
            "--filters",
            &format!(r#"[{{"Name": "vpc-id", "Values": ["{vpc}"]}}]"#),
        ]),
        Case::new(&["ec2", "describe-security-groups", "--group-ids", &group]),
        Case::new(&[
            "ec2",
            "describe-security-groups",
            "--filters",
            "file://filters.json",
            "--query",
            "SecurityGroups[].IpPermissions[].IpRanges[]",
        ]),
        Case::new(&["ec2", "describe-key-pairs", "--key-names", "e2e-key"]).mask(KEY_MATERIAL),
        Case::new(&["ec2", "describe-instances", "--instance-ids", &instance])
            .formats(&["json", "text"]),
        Case::new(&[
            "ec2",
            "describe-instances",
            "--filters",
            "Name=tag:Name,Values=app",
            "Name=instance-state-name,Values=running,pending",
            "--query",
            "Reservations[].Instances[].[InstanceId, InstanceType, Placement.AvailabilityZone]",
        ]),
        Case::new(&[
            "ec2",
            "describe-tags",
            "--filters",
            &format!("Name=resource-id,Values={vpc}"),
        ]),
        Case::new(&[
            "ec2",
            "describe-availability-zones",
            "--zone-names",
            "us-east-1a",
            "us-east-1b",
        ]),
        Case::new(&[
            "ec2",
            "describe-regions",
            "--region-names",
            "us-east-1",
            "eu-west-1",
            "--query",
            "sort_by(Regions, &RegionName)",
        ]),
        Case::new(&[
            "ec2",
            "create-security-group",
            "--group-name",
            "sg-{u}",
            "--description",
            "made by {u}",
            "--vpc-id",
            &vpc,
        ]),
        Case::new(&[
            "ec2",
            "create-key-pair",
            "--key-name",
            "key-{u}",
            "--query",
            "{Name: KeyName, Fingerprint: KeyFingerprint}",
        ])
        .mask(KEY_MATERIAL),
        Case::new(&[
            "ec2",
            "run-instances",
            "--image-id",
            "ami-12c6146b",
            "--instance-type",
            "t3.small",
            "--subnet-id",
            &subnet,
            "--tag-specifications",
            "ResourceType=instance,Tags=[{Key=owner,Value={u}}]",
            "--query",
            "Instances[0].[InstanceType, Tags[0].Value, SubnetId == '{u}']",
        ]),
        Case::new(&[
            "ec2",
            "describe-instances",
            "--instance-ids",
            "i-0123456789abcdef0",
        ])
        .error(254),
        Case::new(&[
            "ec2",
            "run-instances",
            "--image-id",
            "ami-12c6146b",
            "--count",
            "2:3",
            "--enable-api-termination",
            "--query",
            "length(Instances)",
        ])
        .formats(&["json"]),
        Case::new(&[
            "ec2",
            "run-instances",
            "--image-id",
            "ami-12c6146b",
            "--count",
            "two",
        ])
        .error(255),
    ];
    suite.compare(&cases);
    suite.finish("ec2");
}

//! The stand-ins both `ec2-instance-connect` test files share: EC2 and EC2 Instance Connect
//! answering from a few instances and endpoints, the `ssh` program, and a place to run in.

use super::SITECUSTOMIZE;
use aws2_e2e::isolated::Isolated;
use aws2_e2e::recorder::{Recorded, Reply};

/// The stand-in `ssh`.
pub const SSH: &str = r#"#!/bin/sh
{
  echo "--- $#"
  prev=
  for a in "$@"; do
    printf '%s\n' "$a"
    if [ "$prev" = "-i" ] && [ -f "$a" ]; then
      echo "key mode $(stat -c %a "$a")"
      ssh-keygen -y -f "$a" | cut -d' ' -f1,2 > "$SSH_LOG.pub"
    fi
    case "$a" in
      ProxyCommand=*)
        if [ -n "$SSH_RUN_PROXY" ]; then
          echo "proxy echoed $(printf ping | sh -c "${a#ProxyCommand=}")"
        fi;;
    esac
    prev=$a
  done
} >> "$SSH_LOG"
exit "${SSH_EXIT:-0}"
"#;

/// An instance of the stand-in EC2: id, then its XML members.
const INSTANCES: &[(&str, &str)] = &[
    (
        "i-0public001",
        "<ipAddress>54.0.0.1</ipAddress><privateIpAddress>10.0.0.1</privateIpAddress>\
         <vpcId>vpc-a</vpcId><subnetId>subnet-a2</subnetId>",
    ),
    (
        "i-0private01",
        "<privateIpAddress>10.0.0.2</privateIpAddress><ipv6Address>2600:1f18::2</ipv6Address>\
         <vpcId>vpc-a</vpcId><subnetId>subnet-a2</subnetId>",
    ),
    (
        "i-0six00001",
        "<ipv6Address>2600:1f18::3</ipv6Address><vpcId>vpc-a</vpcId><subnetId>subnet-a1</subnetId>",
    ),
    ("i-0short", "<ipAddress>54.0.0.9</ipAddress>"),
    ("i-0bare0001", "<vpcId>vpc-a</vpcId><subnetId>subnet-a1</subnetId>"),
    (
        "i-0lonely01",
        "<privateIpAddress>10.9.0.1</privateIpAddress><vpcId>vpc-empty</vpcId><subnetId>subnet-e</subnetId>",
    ),
];

/// An endpoint's XML item.
fn endpoint(id: &str, subnet: &str) -> String {
    format!(
        "<item><instanceConnectEndpointId>{id}</instanceConnectEndpointId>\
         <dnsName>{id}.ec2-instance-connect-endpoint.us-east-1.amazonaws.com</dnsName>\
         <fipsDnsName>{id}.fips.ec2-instance-connect-endpoint.us-east-1.amazonaws.com</fipsDnsName>\
         <subnetId>{subnet}</subnetId><vpcId>vpc-a</vpcId><state>create-complete</state></item>"
    )
}

/// The replies of the stand-in EC2 and EC2 Instance Connect.
pub fn reply(request: &Recorded) -> Reply {
    let body = String::from_utf8_lossy(&request.body).into_owned();
    if request.header("x-amz-target").is_some() {
        if body.contains("i-0denied001") {
            return Reply::error(request, "AccessDeniedException", "not for you");
        }
        return Reply::new(
            200,
            "application/x-amz-json-1.1",
            r#"{"RequestId": "r-1", "Success": true}"#,
        );
    }
    let has = |text: &str| body.split('&').any(|p| p == text);
    let xml = if has("Action=DescribeInstances") {
        let items: String = INSTANCES
            .iter()
            .filter(|(id, _)| has(&format!("InstanceId.1={id}")) || body.contains("i-0denied001"))
            .take(1)
            .map(|(id, members)| format!("<item><instanceId>{id}</instanceId>{members}</item>"))
            .collect();
        let sets = if items.is_empty() {
            String::new()
        } else {
            format!("<item><reservationId>r-1</reservationId><instancesSet>{items}</instancesSet></item>")
        };
        format!("<DescribeInstancesResponse><reservationSet>{sets}</reservationSet></DescribeInstancesResponse>")
    } else {
        let items = if has("InstanceConnectEndpointId.1=eice-0byid") {
            endpoint("eice-0byid", "subnet-x")
        } else if has("InstanceConnectEndpointId.1=eice-0gone") || has("Filter.2.Value.1=vpc-empty")
        {
            String::new()
        } else if has("NextToken=p2") {
            endpoint("eice-0second", "subnet-a2")
        } else {
            endpoint("eice-0first", "subnet-a1")
        };
        let next = if has("Filter.2.Value.1=vpc-a") && !has("NextToken=p2") {
            "<nextToken>p2</nextToken>"
        } else {
            ""
        };
        format!(
            "<DescribeInstanceConnectEndpointsResponse><instanceConnectEndpointSet>{items}\
             </instanceConnectEndpointSet>{next}</DescribeInstanceConnectEndpointsResponse>"
        )
    };
    Reply::new(200, "text/xml", xml)
}

/// A place with profile `p1`, the stand-in `ssh` (unless `ssh` is false) and its `PATH`.
pub fn place(ssh: bool) -> (Isolated, String) {
    let place = Isolated::new();
    place.write(
        "credentials",
        b"[p1]\naws_access_key_id = p1key\naws_secret_access_key = p1secret\n",
    );
    place.write("config", b"[profile p1]\nregion = eu-west-1\n");
    let bin = place.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::create_dir_all(place.path().join("tmp")).unwrap();
    std::fs::create_dir_all(place.path().join("site")).unwrap();
    place.write("site/sitecustomize.py", SITECUSTOMIZE.as_bytes());
    if ssh {
        let script = bin.join("ssh");
        std::fs::write(&script, SSH).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    // Without the stand-in, nothing else on `PATH` may be an `ssh`.
    let path = match ssh {
        true => format!("{}:/usr/bin:/bin", bin.display()),
        false => bin.display().to_string(),
    };
    (place, path)
}

//! `aws emr add-steps`, beside the operations of the EMR API: steps written in the AWS CLI's
//! step shorthand (`Type=CUSTOM_JAR|STREAMING|HIVE|PIG|IMPALA|SPARK,...`).

use super::spec::{CommandSpec, GroupSpec, Nargs, OptionSpec as O};

/// The `emr` commands the CLI adds to the service.
pub const EMR: GroupSpec = GroupSpec {
    name: "emr",
    description: "Amazon EMR, with the commands the CLI adds to its API.",
    extends_service: true,
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

# Installs what the tests and benchmarks need, only where it is missing. Sourced by scripts/*.

apt_install() {
    local missing=()
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    ((${#missing[@]})) || return 0
    echo "installing Debian packages: ${missing[*]}"
    if [ -z "${AWS2_APT_UPDATED:-}" ]; then
        apt-get update -qq
        export AWS2_APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Python packages the tests use as real components, pinned (the AWS CLI v2 oracle has its own
# virtual environment, below).
PYTHON_REQUIREMENTS=(
    'moto[server]==5.2.1'
)

python_prereqs_present() {
    command -v moto_server >/dev/null 2>&1 &&
        python3 -c 'import moto' >/dev/null 2>&1
}

# The reference AWS CLI v2 2.36.7 (../shared/oracle/), in a virtual environment of its own so
# that it never shadows another `aws`.
AWS_V2_VENV="$HOME/.cache/aws-cli-v2"
install_v2_oracle() {
    local wheel
    wheel=$(ls "$(dirname "${BASH_SOURCE[0]}")"/../../../shared/oracle/awscli-2.36.7-*.whl 2>/dev/null | head -n 1)
    if "$AWS_V2_VENV/bin/aws" --version 2>/dev/null | grep -q '^aws-cli/2.36.7 '; then
        return 0
    fi
    [ -n "$wheel" ] || { echo "the AWS CLI v2 wheel is missing from ../shared/oracle" >&2; return 1; }
    echo "installing the AWS CLI v2 oracle from $wheel"
    rm -rf "$AWS_V2_VENV"
    python3 -m venv "$AWS_V2_VENV"
    "$AWS_V2_VENV/bin/pip" install -q --disable-pip-version-check "$wheel"
}

# The Kubernetes Python client, which reads the kubeconfigs and ExecCredentials of `eks`, in a
# virtual environment of its own so that its packages never change moto's or the oracle's.
KUBERNETES_VENV="$HOME/.cache/aws2-kubernetes"
KUBERNETES_CLIENT='kubernetes==37.0.2'
install_kubernetes_client() {
    if "$KUBERNETES_VENV/bin/python" -c 'import kubernetes' >/dev/null 2>&1; then
        return 0
    fi
    echo "installing the Kubernetes Python client ($KUBERNETES_CLIENT)"
    rm -rf "$KUBERNETES_VENV"
    python3 -m venv "$KUBERNETES_VENV"
    "$KUBERNETES_VENV/bin/pip" install -q --disable-pip-version-check "$KUBERNETES_CLIENT"
}

install_test_prereqs() {
    apt_install gnupg wixl msitools util-linux bsdutils bash zsh fish tcsh time
    if ! python_prereqs_present; then
        echo "installing Python packages: ${PYTHON_REQUIREMENTS[*]}"
        python3 -m pip install -q --disable-pip-version-check "${PYTHON_REQUIREMENTS[@]}"
    fi
    install_v2_oracle
    install_kubernetes_client
    export PATH="$HOME/.cargo/bin:$PATH"
    command -v cargo-nextest >/dev/null 2>&1 || cargo install --locked cargo-nextest
    # A real S3 server that checks every signature (tests and benchmarks).
    command -v s3s-fs >/dev/null 2>&1 ||
        cargo install --locked s3s-fs --version 0.14.1 --features binary
}

# What scripts/quickstart runs, and nothing else: moto's server (the emulator aws2 talks to).
install_quickstart_prereqs() {
    if ! command -v moto_server >/dev/null 2>&1; then
        echo "installing Python package: ${PYTHON_REQUIREMENTS[0]}"
        python3 -m pip install -q --disable-pip-version-check "${PYTHON_REQUIREMENTS[0]}"
    fi
}

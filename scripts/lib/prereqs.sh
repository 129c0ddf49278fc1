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

# Python packages the tests use as real components and oracles, pinned.
PYTHON_REQUIREMENTS=(
    'moto[server]==5.2.1'
    'awscli==1.45.11'
    'ruamel.yaml==0.19.1'
)

python_prereqs_present() {
    command -v moto_server >/dev/null 2>&1 &&
        command -v aws >/dev/null 2>&1 &&
        python3 -c 'import ruamel.yaml, awscli, moto' >/dev/null 2>&1
}

install_test_prereqs() {
    apt_install gnupg wixl msitools util-linux bsdutils bash zsh fish tcsh time
    if ! python_prereqs_present; then
        echo "installing Python packages: ${PYTHON_REQUIREMENTS[*]}"
        python3 -m pip install -q --disable-pip-version-check "${PYTHON_REQUIREMENTS[@]}"
    fi
    export PATH="$HOME/.cargo/bin:$PATH"
    command -v cargo-nextest >/dev/null 2>&1 || cargo install --locked cargo-nextest
    # A real S3 server that checks every signature (tests and benchmarks).
    command -v s3s-fs >/dev/null 2>&1 ||
        cargo install --locked s3s-fs --version 0.14.1 --features binary
}

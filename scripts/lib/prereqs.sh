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

pip_install() {
    # $1: module or command to probe, rest: pip requirements
    local probe=$1
    shift
    if ! command -v "$probe" >/dev/null 2>&1; then
        echo "installing Python packages: $*"
        python3 -m pip install -q --disable-pip-version-check "$@"
    fi
}

install_test_prereqs() {
    apt_install gnupg
    pip_install moto_server 'moto[server]'
    export PATH="$HOME/.cargo/bin:$PATH"
    command -v cargo-nextest >/dev/null 2>&1 || cargo install --locked cargo-nextest
}

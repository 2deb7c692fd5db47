# Shared shell helpers for scripts/*.sh (sourced, not run).
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else echo "schemakit: '$*' needs root and sudo is not available" >&2; return 1; fi
}
apt_install() {
  if ! command -v apt-get >/dev/null; then
    echo "schemakit: cannot install $* automatically (no apt-get); install it with your package manager" >&2
    return 1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

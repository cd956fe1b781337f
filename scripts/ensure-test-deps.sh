#!/usr/bin/env bash
# Debian packages the test suite needs beyond what `netbench lab up` installs: scipy/numpy (the
# independent oracle of the statistics tests), an SSH server (the ssh:// endpoint test) and
# Jupyter (the notebooks run headless with the tslab kernel; `netbench notebook` serves them) and Chromium (figures are rendered
# by plotly.js in it), TeX Live and poppler (the manuscript is built and read back).
# Installed only when missing; apt starts no service (policy-rc.d), as in src/host/packages.ts.
set -euo pipefail
need=()
/usr/bin/python3 -c 'import scipy, numpy' 2>/dev/null || need+=(python3-scipy python3-numpy)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
[ -x /usr/bin/chromium ] || need+=(chromium fonts-dejavu-core)
command -v latexmk >/dev/null && kpsewhich mathptmx.sty >/dev/null 2>&1 ||
  need+=(texlive-latex-base texlive-latex-recommended texlive-fonts-recommended latexmk)
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v jupyter >/dev/null && /usr/bin/python3 -c 'import nbclient, ipykernel' 2>/dev/null ||
  need+=(jupyter-core jupyter-client jupyter-nbconvert python3-nbconvert python3-nbclient python3-jupyter-client python3-ipykernel)
[ -x /usr/bin/jupyter-notebook ] || need+=(jupyter-notebook) # the server of `netbench notebook` (its test)
[ ${#need[@]} -eq 0 ] && exit 0
echo "netbench tests: installing Debian packages: ${need[*]}" >&2
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && made_policy=1
fi
trap '[ $made_policy = 1 ] && rm -f "$policy"' EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends "${need[@]}" >/dev/null || {
  apt-get update >/dev/null && apt-get install -y --no-install-recommends "${need[@]}" >/dev/null
}

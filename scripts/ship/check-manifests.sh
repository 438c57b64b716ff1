#!/usr/bin/env bash
# Checks deploy/kubernetes against a real kube-apiserver (built by kube-tools.sh) backed by Debian's etcd, both on
# loopback. Each overlay goes into its own namespace that enforces Pod Security "restricted": a server-side dry run,
# then the Secrets (secrets.example.yaml) and a real server-side apply, each failing on any warning; then the
# objects are read back and checked (check_manifests.py), and a Pod made from the Deployment's template must be
# admitted where a root Pod is refused. No kubelet runs here: nothing is scheduled or started.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/ship/common.sh

command -v etcd >/dev/null || fail "etcd is missing (Debian package etcd-server)"
tools=$(scripts/ship/kube-tools.sh)
kubectl=$tools/kubectl
run=$(mktemp -d "$cache/kube-run.XXXXXX")
etcd_port=$(free_port)
peer_port=$(free_port)
api_port=$(free_port)
pids=()
stop() {
  # The API server first: its graceful shutdown waits on etcd.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[i]}" 2>/dev/null || true
    timeout 30 tail --pid="${pids[i]}" -f /dev/null || kill -9 "${pids[i]}" 2>/dev/null || true
  done
  rm -rf "$run"
}
trap stop EXIT

t0=$SECONDS
etcd --name check --data-dir "$run/etcd" --listen-client-urls "http://127.0.0.1:$etcd_port" \
  --advertise-client-urls "http://127.0.0.1:$etcd_port" --listen-peer-urls "http://127.0.0.1:$peer_port" \
  --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" --initial-cluster "check=http://127.0.0.1:$peer_port" \
  >"$run/etcd.log" 2>&1 &
pids+=($!)
openssl genrsa -out "$run/sa.key" 2048 2>/dev/null
openssl rsa -in "$run/sa.key" -pubout -out "$run/sa.pub" 2>/dev/null
token=$(openssl rand -hex 16)
echo "$token,check-admin,check-admin,system:masters" >"$run/tokens.csv"
"$tools/kube-apiserver" --etcd-servers="http://127.0.0.1:$etcd_port" --bind-address=127.0.0.1 \
  --advertise-address=127.0.0.1 --secure-port="$api_port" --cert-dir="$run/certs" --endpoint-reconciler-type=none \
  --token-auth-file="$run/tokens.csv" --authorization-mode=RBAC --service-cluster-ip-range=10.96.0.0/24 \
  --service-account-issuer=https://kubernetes.default.svc --service-account-key-file="$run/sa.pub" \
  --service-account-signing-key-file="$run/sa.key" >"$run/apiserver.log" 2>&1 &
pids+=($!)
export KUBECONFIG=$run/kubeconfig
"$kubectl" config set-cluster check --server="https://127.0.0.1:$api_port" \
  --certificate-authority="$run/certs/apiserver.crt" >/dev/null
"$kubectl" config set-credentials check --token="$token" >/dev/null
"$kubectl" config set-context check --cluster=check --user=check >/dev/null
"$kubectl" config use-context check >/dev/null
for _ in $(seq 1 300); do
  [[ -f $run/certs/apiserver.crt ]] && "$kubectl" get --raw /readyz >/dev/null 2>&1 && break
  kill -0 "${pids[1]}" 2>/dev/null || { tail -20 "$run/apiserver.log"; fail "kube-apiserver exited"; }
  sleep 0.2
done
if ! "$kubectl" get --raw /readyz >/dev/null; then
  tail -20 "$run/apiserver.log"
  fail "kube-apiserver not ready after 60 s"
fi
server=$("$kubectl" version -o json | jq -r .serverVersion.gitVersion)
log "kube-apiserver $server and etcd $(etcd --version | awk 'NR == 1 {print $3}') ready in $((SECONDS - t0)) s"

# Runs kubectl, fails on an error or on any warning (Pod Security's included), keeps its output in $run/last.
strict() {
  "$kubectl" "$@" >"$run/last" 2>&1 || { cat "$run/last"; fail "kubectl $*"; }
  if grep -q -i '^warning' "$run/last"; then cat "$run/last"; fail "kubectl $* gave warnings"; fi
}

for overlay in sqlite postgresql; do
  ns=ainfinity-$overlay
  strict create namespace "$ns"
  strict label namespace "$ns" pod-security.kubernetes.io/enforce=restricted \
    pod-security.kubernetes.io/warn=restricted pod-security.kubernetes.io/audit=restricted
  strict apply --server-side --dry-run=server -n "$ns" -k "deploy/kubernetes/$overlay"
  [[ $("$kubectl" get deployment -n "$ns" -o name) == "" ]] || fail "the dry run created objects"
  strict apply --server-side -n "$ns" -f deploy/kubernetes/secrets.example.yaml
  strict apply --server-side -n "$ns" -k "deploy/kubernetes/$overlay"
  log "$overlay: applied server-side (dry run, then for real) in namespace $ns under Pod Security restricted," \
    "no warnings"
  "$kubectl" get -n "$ns" deployment,service,serviceaccount,persistentvolumeclaim,secret,poddisruptionbudget \
    -o json >"$run/$overlay.json"
  python3 scripts/ship/check_manifests.py "$overlay" "$run/$overlay.json" "${writable_mounts[@]}" \
    || fail "$overlay: the objects read back are not what the service needs"

  # Pod Security is enforced on Pods, not on Deployments: admit a Pod made from the template for real, and make sure
  # the namespace does refuse a root one (so that the admission above means something).
  jq '{apiVersion: "v1", kind: "Pod", spec: .spec.template.spec,
      metadata: {name: "ainfinity-template-check", labels: .spec.template.metadata.labels}}' \
    <("$kubectl" get -n "$ns" deployment ainfinity -o json) >"$run/pod.json"
  strict create -n "$ns" -f "$run/pod.json"
  jq '.metadata.name = "root-check" | .spec.securityContext.runAsUser = 0 | .spec.securityContext.runAsNonRoot = false
      | .spec.containers[0].securityContext.runAsUser = 0 | .spec.containers[0].securityContext.runAsNonRoot = false' \
    "$run/pod.json" >"$run/root-pod.json"
  if "$kubectl" create -n "$ns" -f "$run/root-pod.json" >"$run/last" 2>&1; then fail "$ns admitted a root Pod"; fi
  if ! grep -q 'violates PodSecurity "restricted' "$run/last"; then
    cat "$run/last"
    fail "root Pod refused for another reason"
  fi
  log "$overlay: a Pod from the Deployment's template is admitted under restricted; a root Pod is refused"
done
echo "[ship] manifests: both overlays applied and checked against kube-apiserver in $((SECONDS - t0)) s"

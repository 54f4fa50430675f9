#!/usr/bin/env bash
# Makes the kubeharden webhook's serving certificate with openssl, without cert-manager:
#   a CA (ECDSA P-256) used for this webhook only, and a serving certificate for the Service's DNS names.
#
#   ./make-certs.sh [--out DIR] [--namespace NS] [--service NAME] [--days N] [--dns NAME]... [--ip ADDR]...
#                   [--apply | --render]
#
# Without --apply it writes DIR/ca.crt, DIR/tls.crt, DIR/tls.key (and the CA key, DIR/ca.key: keep it
# offline, or delete it and re-run the script to rotate) and prints the kubectl commands. With --apply it
# runs them: creates (or replaces) the Secret kubeharden-webhook-tls, then applies this folder with the
# CA bundle filled in, so the webhook configuration never reaches the cluster without it. With --render it
# prints that rendered folder (CA bundle filled in) instead, for GitOps or review.
#
# To renew: run it again with --apply before the certificate expires (default 365 days). The webhook
# reloads the new files without a restart; the configuration gets the new CA bundle in the same step.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out="$here/certs"
namespace=kubeharden-webhook
service=kubeharden-webhook
days=365
apply=false
render=false
extra_dns=()
extra_ip=()

while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --namespace) namespace="$2"; shift 2 ;;
    --service) service="$2"; shift 2 ;;
    --days) days="$2"; shift 2 ;;
    --dns) extra_dns+=("$2"); shift 2 ;;
    --ip) extra_ip+=("$2"); shift 2 ;;
    --apply) apply=true; shift ;;
    --render) render=true; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "make-certs.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

command -v openssl >/dev/null || { echo "make-certs.sh: openssl is not on PATH" >&2; exit 2; }
mkdir -p "$out"
umask 077

san="DNS:$service,DNS:$service.$namespace,DNS:$service.$namespace.svc,DNS:$service.$namespace.svc.cluster.local"
for name in "${extra_dns[@]+"${extra_dns[@]}"}"; do san="$san,DNS:$name"; done
for address in "${extra_ip[@]+"${extra_ip[@]}"}"; do san="$san,IP:$address"; done

# The CA is made once and kept, so that renewing the serving certificate keeps the same CA bundle.
if [ ! -f "$out/ca.key" ] || [ ! -f "$out/ca.crt" ]; then
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$out/ca.key"
  openssl req -x509 -new -key "$out/ca.key" -subj "/CN=kubeharden-webhook-ca" -days 3650 -out "$out/ca.crt" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
fi

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$out/tls.key"
openssl req -new -key "$out/tls.key" -subj "/CN=$service.$namespace.svc" -out "$out/tls.csr"
printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\nbasicConstraints=critical,CA:FALSE\n' "$san" >"$out/tls.ext"
openssl x509 -req -in "$out/tls.csr" -CA "$out/ca.crt" -CAkey "$out/ca.key" -CAcreateserial -days "$days" \
  -extfile "$out/tls.ext" -out "$out/tls.crt" 2>/dev/null
rm -f "$out/tls.csr" "$out/tls.ext"
openssl verify -CAfile "$out/ca.crt" "$out/tls.crt" >/dev/null

ca_bundle="$(openssl base64 -A -in "$out/ca.crt")"
echo "Certificate for $san, valid $days days, in $out" >&2

secret_cmd=(kubectl -n "$namespace" create secret tls kubeharden-webhook-tls --cert="$out/tls.crt" --key="$out/tls.key" --dry-run=client -o yaml)
# The folder as kubectl kustomize renders it, with caBundle added under each webhook's clientConfig.
rendered() {
  kubectl kustomize "$here" | awk -v bundle="$ca_bundle" '
    { print }
    /^ *clientConfig:$/ { match($0, /^ */); printf "%s  caBundle: %s\n", substr($0, 1, RLENGTH), bundle }
  '
}

if [ "$render" = true ]; then
  rendered
elif [ "$apply" = true ]; then
  kubectl create namespace "$namespace" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  "${secret_cmd[@]}" | kubectl apply -f -
  rendered | kubectl apply -f -
else
  echo "Then:" >&2
  echo "  ${secret_cmd[*]} | kubectl apply -f -" >&2
  echo "  kubectl apply -k $here" >&2
  echo "  kubectl patch validatingwebhookconfiguration kubeharden --type=json -p '[{\"op\":\"add\",\"path\":\"/webhooks/0/clientConfig/caBundle\",\"value\":\"$ca_bundle\"}]'" >&2
  echo "(or run again with --apply, which applies the configuration with the CA bundle already in it)" >&2
fi

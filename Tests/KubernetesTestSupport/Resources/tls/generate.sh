#!/usr/bin/env bash
# Regenerates the test-only TLS material for the fake Kubernetes API server (run from this folder).
# Nothing here protects anything: the keys are public test fixtures, valid for 100 years.
#
#   ca.crt              the test cluster CA (what a kubeconfig's certificate-authority-data holds)
#   server.crt/.key     the API server's certificate for 127.0.0.1, ::1 and localhost, signed by ca
#   client.crt/.key     a client certificate (CN ecr-fleet-auth-test), signed by ca
#   other-ca.crt        an unrelated CA, for "the server is not trusted" tests
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
days=36500
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

key "$work/ca.key"
openssl req -x509 -new -key "$work/ca.key" -sha256 -days $days -subj "/CN=ecr-fleet-auth test cluster CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.crt

key "$work/other.key"
openssl req -x509 -new -key "$work/other.key" -sha256 -days $days -subj "/CN=ecr-fleet-auth unrelated CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out other-ca.crt

issue() { # name subject extensions
    key "$1.key"
    openssl req -new -key "$1.key" -subj "$2" -out "$work/$1.csr"
    printf '%s\n' "$3" > "$work/$1.ext"
    openssl x509 -req -in "$work/$1.csr" -CA ca.crt -CAkey "$work/ca.key" -CAcreateserial -sha256 -days $days \
        -extfile "$work/$1.ext" -out "$1.crt" 2>/dev/null
}
issue server "/CN=kube-apiserver" \
    "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost,DNS:kubernetes.default.svc"
issue client "/O=system:masters/CN=ecr-fleet-auth-test" \
    "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"
rm -f ca.srl

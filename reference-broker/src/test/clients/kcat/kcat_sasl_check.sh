#!/usr/bin/env bash
# kcat (librdkafka) over SASL_SSL: kcat_sasl_check.sh host:port mechanism user password ca.pem topic mode
#   round-trip: produces 3 keyed records and reads them back from the beginning, keys, values and offsets exact.
#   auth-error: lists metadata and prints the SASL error librdkafka met as "error: <message>" (exit 0 when there
#               was one), for the Java test to compare with the broker's exact answer.
set -euo pipefail
broker="$1" mechanism="$2" user="$3" password="$4" ca="$5" topic="$6" mode="$7"
fail() { echo "FAILED: $1"; exit 1; }
ok() { echo "ok - $1"; }
secured=(-X security.protocol=SASL_SSL -X "sasl.mechanisms=$mechanism" -X "sasl.username=$user"
  -X "sasl.password=$password" -X "ssl.ca.location=$ca")

case "$mode" in
  round-trip)
    printf 'k1:one\nk2:two\nk3:three\n' | timeout 60 kcat -b "$broker" "${secured[@]}" -P -t "$topic" -p 0 -K: \
      -X topic.request.required.acks=-1 || fail "produce with $mechanism over TLS"
    ok "produced 3 keyed records with $mechanism over TLS"
    out="$(timeout 60 kcat -b "$broker" "${secured[@]}" -C -t "$topic" -p 0 -o beginning -e -q -f '%k=%s@%o\n')"
    echo "read: $(echo "$out" | paste -sd,)"
    [ "$out" = "$(printf 'k1=one@0\nk2=two@1\nk3=three@2')" ] || fail "consume from the beginning, got: $out"
    ok "consumed the 3 records from the beginning"
    ;;
  auth-error)
    out="$(timeout 60 kcat -b "$broker" "${secured[@]}" -L -m 5 2>&1 || true)"
    line="$(echo "$out" | grep -o 'SASL authentication error: .* (after' | head -1 | sed 's/ (after$//')"
    [ -n "$line" ] || fail "no SASL authentication error in: $out"
    echo "error: ${line#SASL authentication error: }"
    ok "authentication failed with $mechanism"
    ;;
  *) fail "unknown mode $mode" ;;
esac

#!/usr/bin/env bash
# kcat (librdkafka) against a running broker: kcat_check.sh host:port
# Metadata listing, produce with keys from stdin, consume from the beginning, consumer-group mode.
set -euo pipefail
broker="$1"
run="$(date +%s%N)"
topic="kcat-$run"
group="kcat-group-$run"
fail() { echo "FAILED: $1"; exit 1; }
ok() { echo "ok - $1"; }

kcat -b "$broker" -L | grep -q "broker [0-9]* at " || fail "metadata lists the broker"
ok "metadata (-L) lists the broker"

printf 'k1:one\nk2:two\nk3:three\n' | kcat -b "$broker" -P -t "$topic" -p 0 -K: -X topic.request.required.acks=-1
ok "produced 3 keyed records from stdin"

out="$(timeout 30 kcat -b "$broker" -C -t "$topic" -p 0 -o beginning -e -q -f '%k=%s@%o\n')"
[ "$out" = "$(printf 'k1=one@0\nk2=two@1\nk3=three@2')" ] || fail "consume from the beginning, got: $out"
ok "consumed the 3 records from the beginning, keys, values and offsets intact"

out="$(timeout 60 kcat -b "$broker" -G "$group" -o beginning -e -q -f '%s\n' -X auto.offset.reset=earliest "$topic")"
[ "$out" = "$(printf 'one\ntwo\nthree')" ] || fail "group mode, got: $out"
ok "consumer-group mode (-G) read the 3 records"

metadata="$(kcat -b "$broker" -L -t "$topic")"
echo "$metadata" | grep -q "partition 0, leader" || fail "topic metadata"
ok "topic metadata lists partition 0 with its leader"

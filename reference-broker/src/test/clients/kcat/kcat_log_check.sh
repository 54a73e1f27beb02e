#!/usr/bin/env bash
# kcat (librdkafka) and the log start offset / compacted topics: kcat_log_check.sh host:port <phase> <topic>
# kcat has no DeleteRecords and cannot create topics: the caller does both.
#   after-delete-records  <topic> holds k0..k4 at offsets 0 to 4 and the caller deleted those before 3:
#                         kcat's earliest-offset query (-Q, -2) answers 3, -o beginning starts there, and
#                         -o 1 (below the log start: OFFSET_OUT_OF_RANGE) resets to 3 with auto.offset.reset=earliest
#   compact-produce       produces keyed records with repeated keys to the compacted <topic> (created by the
#                         caller with segment.ms=1), one kcat run each so that each record rolls a segment,
#                         and checks that a record without a key is refused with INVALID_RECORD; the first
#                         record comes from an idempotent producer: cleaning keeps its batch, emptied, for
#                         the producer's sequence, and the consumer must read past it
#   compact-consume       after the caller saw <topic> cleaned: -o beginning reads only the latest value of
#                         each key, at its original offset, across the gaps
set -euo pipefail
broker="$1"
phase="$2"
topic="$3"
fail() { echo "FAILED: $1"; exit 1; }
ok() { echo "ok - $1"; }
consume() { timeout 30 kcat -b "$broker" -C -t "$topic" -p 0 -o beginning -e -q -f '%k=%s@%o\n'; }

case "$phase" in
after-delete-records)
  out="$(kcat -b "$broker" -Q -t "$topic:0:-2")"
  [ "$out" = "$topic [0] offset 3" ] || fail "earliest offset query, got: $out"
  ok "the earliest-offset query (-Q -t $topic:0:-2) answers 3"
  out="$(consume)"
  [ "$out" = "$(printf 'k3=v3@3\nk4=v4@4')" ] || fail "consume from the beginning, got: $out"
  ok "-o beginning starts at offset 3"
  # Without -q, kcat shows librdkafka's log on stderr: the reset is only logged.
  log="$(mktemp)"
  out="$(timeout 30 kcat -b "$broker" -C -t "$topic" -p 0 -o 1 -e -f '%k=%s@%o\n' -X auto.offset.reset=earliest 2>"$log")"
  reset="$(grep "offset reset (at offset 1" "$log" | grep "Offset out of range" || true)"
  rm -f "$log"
  [ "$out" = "$(printf 'k3=v3@3\nk4=v4@4')" ] || fail "consume from offset 1 with auto.offset.reset=earliest, got: $out"
  [ -n "$reset" ] || fail "no OFFSET_OUT_OF_RANGE reset logged"
  ok "-o 1, below the log start, meets OFFSET_OUT_OF_RANGE and resets to offset 3 with auto.offset.reset=earliest ($reset)"
  ;;
compact-produce)
  echo alice:v1 | kcat -b "$broker" -P -t "$topic" -p 0 -K: -X enable.idempotence=true
  for record in bob:v1 alice:v2 carol:v1 carol:v2 dave:v1; do
    echo "$record" | kcat -b "$broker" -P -t "$topic" -p 0 -K: -X topic.request.required.acks=-1
  done
  ok "produced 6 keyed records, one kcat run each"
  # A line without the key delimiter is produced without a key.
  if out="$(echo 'no key' | kcat -b "$broker" -P -t "$topic" -p 0 -K: -X topic.request.required.acks=-1 2>&1)"; then
    fail "a record without a key was accepted"
  fi
  # librdkafka's text for INVALID_RECORD (87).
  echo "$out" | grep -q "Broker: Broker failed to validate record" || fail "refusal of a key-less record, got: $out"
  ok "a record without a key is refused with INVALID_RECORD ($out)"
  out="$(kcat -b "$broker" -Q -t "$topic:0:-1")"
  [ "$out" = "$topic [0] offset 6" ] || fail "latest offset query, got: $out"
  ok "the refused record was not stored: end offset 6"
  ;;
compact-consume)
  out="$(consume)"
  [ "$out" = "$(printf 'bob=v1@1\nalice=v2@2\ncarol=v2@4\ndave=v1@5')" ] || fail "consume the compacted topic, got: $out"
  ok "-o beginning reads the latest value of each key at its offset, across the gaps"
  ;;
*) fail "unknown phase $phase" ;;
esac

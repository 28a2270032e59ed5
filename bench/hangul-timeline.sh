#!/usr/bin/env bash
# Fresh start of `proofwire serve` on the demo; the Hangul share of the Korean 2026-02-21
# digest's <main> letters every minute. Usage: bench/hangul-timeline.sh BINARY PORT MINUTES OUT (paths from the repository root)
set -u
BIN=$1; PORT=$2; MIN=$3; OUT=$4
DATA=$(mktemp -d)
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PROOFWIRE_DATA_DIR=$DATA nice -n 5 "$BIN" serve --addr 127.0.0.1:$PORT > "$OUT.log" 2>&1 &
PID=$!
echo "pid $PID data $DATA" > "$OUT"
# wait until serving
for i in $(seq 1 120); do curl -fs -o /dev/null http://127.0.0.1:$PORT/healthz && break; sleep 1; done
START=$(date +%s)
echo "serving after $i s" >> "$OUT"
for m in $(seq 0 $MIN); do
  target=$((START + m*60))
  now=$(date +%s); [ $now -lt $target ] && sleep $((target-now))
  curl -s -H 'accept-language: ko' -H 'cookie: lang=ko' http://127.0.0.1:$PORT/digest/2026-02-21 > "$OUT.page"
  python3 - "$OUT.page" "$m" >> "$OUT" <<'PY'
import re,sys
html=open(sys.argv[1],encoding='utf-8',errors='replace').read()
m=re.search(r'<main[^>]*>(.*)</main>',html,re.S)
body=m.group(1) if m else html
body=re.sub(r'<(script|style)[^>]*>.*?</\1>','',body,flags=re.S)
text=re.sub(r'<[^>]+>',' ',body)
h=sum(1 for c in text if '\uac00'<=c<='\ud7a3')
l=sum(1 for c in text if c.isascii() and c.isalpha())
print(f"minute {sys.argv[2]}: hangul {h} latin {l} share {100*h/max(1,h+l):.1f}%")
PY
done
kill $PID; wait $PID 2>/dev/null
rm -rf "$DATA"

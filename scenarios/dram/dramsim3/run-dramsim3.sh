#!/usr/bin/env bash
# Regenerates the DRAMSim3 reference figures here: builds DRAMsim3 (github.com/umd-memsys/DRAMsim3, commit
# 2981759, unmodified) and harness.cc against it, runs every trace through DRAMSim3's DDR4_8Gb_x8_2400.ini,
# and writes TRACE.dramsim3.csv (each request's completion cycle) and dramsim3-summary.csv (DRAMSim3's own
# counters). Usage: run-dramsim3.sh PATH_TO_DRAMSIM3_CHECKOUT
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ds3="$(cd "$1" && pwd)"
make -C "$ds3" -j2 dramsim3main.out >/dev/null
objects=$(ls "$ds3"/src/*.o | grep -v -e '/cpu.o' -e '/main.o')
work=$(mktemp -d)
g++ -O2 -std=c++11 -I"$ds3/src" -I"$ds3/ext/fmt/include" -I"$ds3/ext/headers" -DFMT_HEADER_ONLY=1 \
    -o "$work/harness" "$here/harness.cc" $objects
echo "trace,last_completion,read_commands,write_commands,activates,refreshes,average_read_latency" > "$here/dramsim3-summary.csv"
for trace in "$here"/*.trace; do
  name=$(basename "$trace" .trace)
  "$work/harness" "$ds3/configs/DDR4_8Gb_x8_2400.ini" "$trace" "$work" | grep -E '^[0-9r]' > "$here/$name.dramsim3.csv"
  stat() { awk -v key="$1" '$1 == key { print $3 }' "$work/dramsim3.txt"; }
  last=$(tail -n +2 "$here/$name.dramsim3.csv" | cut -d, -f4 | sort -n | tail -1)
  echo "$name,$last,$(stat num_read_cmds),$(stat num_write_cmds),$(stat num_act_cmds),$(stat num_ref_cmds),$(stat average_read_latency)" >> "$here/dramsim3-summary.csv"
done
rm -rf "$work"

#!/bin/bash
# mk-secret.sh NAME DIR: a Secret manifest (apiVersion v1) whose data holds every
# file of DIR, base64-encoded, under its file name. Keys are made at test time;
# none is ever checked in.
set -euo pipefail
name=$1 dir=$2
printf 'apiVersion: v1\nkind: Secret\nmetadata: {name: %s}\ntype: Opaque\ndata:\n' "$name"
for f in "$dir"/*; do
	[ -f "$f" ] || continue
	printf '  %s: %s\n' "$(basename "$f")" "$(base64 -w0 "$f")"
done

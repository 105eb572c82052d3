#!/usr/bin/env bash
# Ten Adam steps of mlp-fashion from the same initial weights on the same batches, in PyTorch and in
# Lathe, then the largest difference between the resulting weights. Needs Debian's python3-torch,
# dataset-fashion-mnist and a built Lathe (mvn -B -q -DskipTests install).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
cd "$work"
/usr/bin/python3 "$here/torch_steps.py"
python3 - "$here/../../examples/mlp-fashion.json" > spec.json <<'PY'
import json, sys
spec = json.load(open(sys.argv[1]))
spec["training"].update(epochs=1, shuffle=False, data={"dataset": "npy", "train": "x.npy", "train_labels": "y.npy"})
print(json.dumps(spec))
PY
"$here/../../lathe" train spec.json --init-from init.safetensors --out run > /dev/null
/usr/bin/python3 "$here/compare.py"
rm -rf "$work"

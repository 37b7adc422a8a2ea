#!/usr/bin/env python3
"""Records what kubectl makes of each kubeconfig case, for the differential tests.

For every folder under ../Resources/kubeconfig-oracle/cases/ with a case.json
({"files": [relative paths, in KUBECONFIG order], "context": optional name}), this runs

    KUBECONFIG=<the files, absolute> kubectl config view --minify --raw --flatten -o json [--context NAME]

and writes expected.json next to it: {"exitCode": N, "config": <kubectl's JSON>} on success,
{"exitCode": N, "error": "<first line of stderr>"} on failure. Absolute paths under the case
folder are written as "$CASE". `--flatten` inlines the files a kubeconfig names (relative to the
kubeconfig that names them), so the expectation also shows how kubectl resolves relative paths.

Run it when a case is added or changed (kubectl must be on PATH; it is not needed by the tests):

    python3 Tests/ECRFleetAuthTests/Generators/kubeconfig-oracle.py
"""

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "..", "Resources", "kubeconfig-oracle", "cases")


def main():
    version = subprocess.run(["kubectl", "version", "--client", "-o", "json"], capture_output=True, text=True)
    client_version = json.loads(version.stdout)["clientVersion"]["gitVersion"]
    for name in sorted(os.listdir(CASES)):
        folder = os.path.realpath(os.path.join(CASES, name))
        with open(os.path.join(folder, "case.json")) as handle:
            case = json.load(handle)
        environment = {"PATH": os.environ["PATH"], "HOME": folder,
                       "KUBECONFIG": ":".join(os.path.join(folder, f) for f in case["files"])}
        command = ["kubectl", "config", "view", "--minify", "--raw", "--flatten", "-o", "json"]
        if case.get("context"):
            command += ["--context", case["context"]]
        result = subprocess.run(command, capture_output=True, text=True, env=environment, cwd="/")
        expected = {"exitCode": result.returncode, "kubectl": client_version}
        if result.returncode == 0:
            expected["config"] = json.loads(result.stdout.replace(folder, "$CASE"))
        else:
            expected["error"] = result.stderr.strip().splitlines()[0].replace(folder, "$CASE")
        with open(os.path.join(folder, "expected.json"), "w") as handle:
            json.dump(expected, handle, indent=2, sort_keys=True)
            handle.write("\n")
        print("%-36s exit %d" % (name, result.returncode), file=sys.stderr)


if __name__ == "__main__":
    main()

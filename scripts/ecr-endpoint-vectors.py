#!/usr/bin/env python3
"""Generates Tests/ECRAuthTests/Resources/botocore-endpoints/ecr-endpoints.json: the endpoints
botocore's rule-set resolver picks for ECR and ECR Public `GetAuthorizationToken`, per partition,
with FIPS and dual-stack on and off, and with a custom endpoint. The Swift tests check
ECRClient.endpoint(for:) against every entry.

botocore is the oracle only; the tests never need it. It comes with moto (scripts/bootstrap
installs moto[server]); run this with the Python that has it:

    python3 scripts/ecr-endpoint-vectors.py            # or .build/moto-venv/bin/python ...
"""
import itertools
import json
import os
import sys

import botocore
from botocore.endpoint_provider import EndpointProvider
from botocore.loaders import create_loader

REGIONS = [
    "us-east-1", "eu-central-1", "ap-southeast-7", "mx-central-1",   # aws
    "cn-north-1", "cn-northwest-1",                                  # aws-cn
    "us-gov-west-1", "us-gov-east-1",                                # aws-us-gov
    "us-iso-east-1", "us-isob-east-1", "eu-isoe-west-1", "us-isof-south-1",
    "eusc-de-east-1",                                                # aws-eusc
    "xx-future-1",                                                   # unknown: aws
]

def main():
    loader = create_loader()
    partitions = loader.load_data("partitions")
    cases = []
    for service in ["ecr", "ecr-public"]:
        provider = EndpointProvider(loader.load_service_model(service, "endpoint-rule-set-1"), partitions)
        # ECR Public's API exists in us-east-1 only; the client always calls it there.
        regions = REGIONS if service == "ecr" else ["us-east-1"]
        for region, fips, dual in itertools.product(regions, [False, True], [False, True]):
            endpoint = provider.resolve_endpoint(Region=region, UseFIPS=fips, UseDualStack=dual)
            cases.append({"service": service, "region": region, "useFIPS": fips, "useDualStack": dual,
                          "url": endpoint.url})
        for fips, dual in itertools.product([False, True], [False, True]):
            case = {"service": service, "region": "us-east-1", "useFIPS": fips, "useDualStack": dual,
                    "endpoint": "http://127.0.0.1:5000"}
            try:
                case["url"] = provider.resolve_endpoint(
                    Region="us-east-1", UseFIPS=fips, UseDualStack=dual, Endpoint="http://127.0.0.1:5000").url
            except Exception as error:  # the rule set refuses FIPS or dual-stack with a custom endpoint
                case["error"] = str(error)
            cases.append(case)
    document = {
        "generator": "scripts/ecr-endpoint-vectors.py",
        "botocore": botocore.__version__,
        "cases": cases,
    }
    out = os.path.join(os.path.dirname(__file__), "..", "Tests", "ECRAuthTests", "Resources", "botocore-endpoints",
                       "ecr-endpoints.json")
    with open(out, "w") as handle:
        json.dump(document, handle, indent=1, sort_keys=True)
        handle.write("\n")
    print(f"{len(cases)} cases from botocore {botocore.__version__} -> {os.path.normpath(out)}", file=sys.stderr)

if __name__ == "__main__":
    main()

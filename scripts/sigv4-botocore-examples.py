#!/usr/bin/env python3
"""Prints the botocore signatures that Tests/AWSSigV4Tests/SigV4SignerTests.swift checks against.

botocore (PyPI, Apache-2.0) is the AWS SDK for Python's signer; running it here is a differential
check of our signer on requests the aws-c-auth suite does not cover (the ECR call, S3 mode,
presigned STS with a session token). Run: pip install botocore && scripts/sigv4-botocore-examples.py
"""
import datetime
from unittest import mock
from botocore.auth import SigV4Auth, S3SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

def sign(cls, method, url, headers, body, creds, region, service, **kw):
    req = AWSRequest(method=method, url=url, headers=headers, data=body)
    with mock.patch('botocore.auth.get_current_datetime', return_value=datetime.datetime(2026, 11, 29, 12, 0, 0)):
        auth = cls(creds, service, region, **kw)
        auth.add_auth(req)
    return req

creds = Credentials('AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')
tcreds = Credentials('ASIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'FwoGZXIvYXdzEJr//////////wEaDEXAMPLETOKEN+/=')
hdr = {'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken'}
for c in (creds, tcreds):
    r = sign(SigV4Auth, 'POST', 'https://api.ecr.eu-central-1.amazonaws.com/', dict(hdr), b'{}', c, 'eu-central-1', 'ecr')
    print(r.headers['Authorization'])
r = sign(S3SigV4Auth, 'GET', 'https://bucket.s3.eu-central-1.amazonaws.com/my%20key/a%2Fb~c/./x', {}, b'', creds, 'eu-central-1', 's3')
print(r.headers['Authorization'], r.headers['X-Amz-Content-SHA256'])
r = sign(SigV4QueryAuth, 'GET', 'https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15', {}, b'', tcreds, 'us-east-1', 'sts', expires=900)
print(r.url)

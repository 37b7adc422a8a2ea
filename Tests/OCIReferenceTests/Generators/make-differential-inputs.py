import json, random
random.seed(20261130)
H64 = "7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa"
upstream = [
 # reference_test.go TestReferenceParse + others, regexp_test.go, normalize_test.go inputs
 "test_com","test.com:tag","test.com:5000","test.com/repo:tag","test:5000/repo","test:5000/repo:tag",
 "test:5000/repo@sha256:"+"f"*64,"test:5000/repo:tag@sha256:"+"f"*64,"",":justtag","@sha256:"+"f"*64,
 "repo@sha256:"+"f"*34,"validname@invaliddigest:"+"f"*64,"Uppercase:tag","Uppercase/lowercase:tag",
 "test:5000/Uppercase/lowercase:tag","lowercase:Uppercase","domain/"+"a"*256+":tag","a/"*127+"a:tag-puts-this-over-max",
 "a/"*128+"a:tag","aa/asdf$$^/aa","sub-dom1.foo.com/bar/baz/quux","sub-dom1.foo.com/bar/baz/quux:some-long-tag",
 "b.gcr.io/test.example.com/my-app:test.example.com","xn--n3h.com/myimage:xn--n3h.com",
 "xn--7o8h.com/myimage:xn--7o8h.com@sha512:"+"f"*128,"foo_bar.com:8080","foo/foo_bar.com:8080","192.168.1.1",
 "192.168.1.1:tag","192.168.1.1:5000","192.168.1.1/repo","192.168.1.1:5000/repo","192.168.1.1:5000/repo:5050",
 "[2001:db8::1]","[2001:db8::1]:5000","[2001:db8::1]:tag","[2001:db8::1]/repo","[2001:db8:1:2:3:4:5:6]/repo:tag",
 "[2001:db8::1]:5000/repo","[2001:db8::1]:5000/repo:tag","[2001:db8::1]:5000/repo@sha256:"+"f"*64,
 "[2001:db8::1]:5000/repo:tag@sha256:"+"f"*64,"[2001:db8::]:5000/repo","[::1]:5000/repo","[fe80::1%eth0]:5000/repo",
 "[fe80::1%@invalidzone]:5000/repo","example.com/"+"a"*255+":tag","example.com/"+"a"*256,
 "docker/docker","library/debian","debian","docker.io/docker/docker","docker.io/library/debian","docker.io/debian",
 "index.docker.io/docker/docker","index.docker.io/library/debian","index.docker.io/debian","127.0.0.1:5000/docker/docker",
 "127.0.0.1:5000/library/debian","127.0.0.1:5000/debian","192.168.0.1","192.168.0.1:80","192.168.0.1:8/debian",
 "192.168.0.2:25000/debian","thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev","[fc00::1]:5000/docker",
 "[fc00::1]:5000/docker/docker","[fc00:1:2:3:4:5:6:7]:5000/library/debian",
 "docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a","Docker/docker","DOCKER/docker",
 "https://github.com/docker/docker","docker/Docker","-docker","-docker/docker","-docker.io/docker/docker",
 "docker///docker","docker.io/docker/Docker","docker.io/docker///docker","[fc00::1]","[fc00::1]:5000",
 "fc00::1:5000/debian","[fe80::1%eth0]:5000/debian","[2001:db8:3:4::192.0.2.33]:5000/debian",
 "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a","docker-rules/docker","docker---rules/docker",
 "doc/docker","d/docker","jess/t","dock__er/docker","docker-/docker","-docker-/docker","____/____","_docker/_docker",
 "dock..er/docker","dock_.er/docker","dock-.er/docker","docker/",
 "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_"*4+"/docker",
 "fooo/bar","index.docker.io/fooo/bar","library/ubuntu","nonlibrary/ubuntu","other/library","127.0.0.1:8000/private/moonbase",
 "127.0.0.1:8000/privatebase","example.com/private/moonbase","example.com/privatebase","example.com:8000/private/moonbase",
 "example.com:8000/privatebasee","library/ubuntu-12.04-base","ubuntu-12.04-base","docker.io/library/ubuntu-12.04-base",
 "index.docker.io/library/ubuntu-12.04-base","docker.io/foo","library/foo/bar","docker.io/library/foo/bar","store/foo/bar",
 "docker.io/store/foo/bar","Foo/bar","FOO/bar","busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa",
 "redis","redis:latest","docker.io/library/redis:latest","dmcgowan/myapp","dbcc1","-foo","busybox",
 "short","simple/name","docker/stevvooe/app","aa/aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb","aa/aa/bb/bb/bb","a/a/a/a",
 "a/a/a/a/","a//a/a","a","a/aa","a/aa/a","foo.com","foo.com/","foo.com:8080/bar","foo.com:http/bar","foo.com/bar",
 "foo.com/bar/baz","localhost:8080/bar","blog.foo.com/bar/baz","a^a","asdf$$^/aa","aa-a/a","a-/a/a/a","foo.com/a-/a/a",
 "-foo/bar","foo/bar-","foo-/bar","foo/-bar","_foo/bar","foo_bar","foo_bar.com","foo_bar.com:8080/app","foo.com/foo_bar",
 "docker_/docker_","example.com/some_separator__underscore/myimage","example.com/__underscore/myimage","example.com/..dots/myimage",
 "example.com/.dots/myimage","example.com/nodouble..dots/myimage","docker./docker",".docker/docker","do..cker/docker",
 "do__cker:8080/docker","do__cker/docker","registry.io/foo/project--id.module--name.ver---sion--name","Asdf.com/foo/bar","Foo/FarB",
 "registry.com:8080/myapp:tag","registry.com:8080/myapp@sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
 "registry.com:8080/myapp@sha256:badbadbadbad","registry.com:8080/myapp:invalid~tag","bad_hostname.com:8080/myapp:tag",
 "localhost:8080@sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
 "localhost@sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912","registry.com:8080/myapp@bad",
 "registry.com:8080/myapp@2bad", "İmage", "\u212aube/x", "fooÉ", "fooé", "É/foo", "foo:İ", "a/b@SHA256:"+"f"*64,
 "a/b@sha256:"+"F"*64, "a/b@sha384:"+"f"*96, "a/b@md5:"+"f"*32, "a/b@Md5:"+"f"*32, "a/b@sha256+b64:"+"f"*64,
 "a:"+"t"*128, "a:"+"t"*129, "a:_", "a:.x", "a:-x", "UPPER@sha256:"+H64, "A_b/c",
]
bases = [
 "123456789012.dkr.ecr.eu-central-1.amazonaws.com/team/nginx:19.0.1",
 "docker.io/library/busybox:latest@sha256:"+H64[:32],
 "[2001:db8::1]:5000/re-po:tag",
 "localhost:5000/a__b/c-d.e:v1",
 "ubuntu",
 "Test.com/x",
]
chars = ["/", ":", "@", ".", "_", "-", "+", "[", "%", " ", "\x00", "A", "é", "İ", "\u212a"]
out = list(upstream)
for b in bases:
    for p in range(len(b) + 1):
        for c in chars:
            out.append(b[:p] + c + b[p:])
            if p < len(b):
                out.append(b[:p] + c + b[p+1:])
        if p < len(b):
            out.append(b[:p] + b[p+1:])
alphabet = ["a", "b", "0", "A", "/", ":", "@", ".", "_", "-", "[", "]", "sha256", "f"*32, "localhost", "docker.io", "library"]
for _ in range(1500):
    out.append("".join(random.choice(alphabet) for _ in range(random.randint(1, 12))))
seen = set(); uniq = []
for s in out:
    if s not in seen:
        seen.add(s); uniq.append(s)
with open("reference-inputs.jsonl", "w") as f:
    for s in uniq:
        f.write(json.dumps(s) + "\n")
print(len(uniq))

charts = [
 "registry.example.com/repository:1.0@sha256:c6841b3a895f1444a6738b5d04564a57e860ce42f8519c3be807fb6d9bee7888",
 "oci://registry.example.com/repository:1.0@sha256:c6841b3a895f1444a6738b5d04564a57e860ce42f8519c3be807fb6d9bee7888",
 "a/b:1@c", "a/b:@", "registry.example.com/repository:1.0+001", "thing:1.0",
 "registry.example.com/the/repository@sha256:c6841b3a895f1444a6738b5d04564a57e860ce42f8519c3be807fb6d9bee7888",
 "oci://123456789012.dkr.ecr.eu-central-1.amazonaws.com/charts/app:1.2.3+build.4",
 "oci://host/ns/chart", "", "oci://", "oci:///chart:1", "/hello-world:linux", "localhost", "hello-world:linux",
 "localhost/UPPERCASE/test", "localhost:v1/hello-world", "registry.example.com/hello-world:foobar:sha256:"+H64,
 "registry.example.com/hello-world@@sha256:"+H64, "registry.example.com/hello-world @sha256:"+H64,
 "1.0+a/chart:1.0+a", "h/c:+", "h/c:a+b+c", "[::1]:5000/c:1", "[::1/c", "a b/c", "a%41/c", "a?/c", "a#/c", "a@b/c@x",
 "reg/repo@sha256:"+H64+"@sha256:"+H64, "reg/repo:t@sha256:"+H64, "oci://OCI://x/y", "héllo/c", "a:/c", "a:1:2/c",
]
regs = ["localhost", "registry.example.com", "localhost:5000", "127.0.0.1:5000", "[::1]:5000"]
imgs = ["hello-world@sha256:b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9",
        "hello-world:v2@sha256:b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9",
        "hello-world:@sha256:b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9",
        "hello-world:v1", "hello-world"]
for r in regs:
    for i in imgs:
        charts.append(r + "/" + i)
        charts.append("oci://" + r + "/" + i)
cb = "oci://123456789012.dkr.ecr.eu-central-1.amazonaws.com/charts/app:1.2.3+b.4@sha256:"+H64[:8]
for p in range(len(cb) + 1):
    for c in ["/", ":", "@", "+", "%", "[", " ", "A", "?"]:
        charts.append(cb[:p] + c + cb[p:])
        if p < len(cb): charts.append(cb[:p] + c + cb[p+1:])
calpha = ["oci://", "h", "/", ":", "@", "+", "1", "c", "[", "]", "%", "A", "sha256:"+"f"*64]
for _ in range(800):
    charts.append("".join(random.choice(calpha) for _ in range(random.randint(1, 8))))
seen=set()
with open("chart-inputs.jsonl", "w") as f:
    for s in charts:
        if s not in seen:
            seen.add(s); f.write(json.dumps(s) + "\n")
print(len(seen))

ecr = [
 "https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/blah/blah", "123456789012.dkr.ecr.us-west-2.amazonaws.com",
 "123456789012.dkr-ecr.us-west-2.on.aws", "210987654321.dkr.ecr.cn-north-1.amazonaws.com.cn/foo",
 "210987654321.dkr.ecr.us-iso-east-1.c2s.ic.gov", "123456789012.dkr.ecr.us-isob-east-1.sc2s.sgov.gov",
 "123456789012.dkr.ecr.eu-isoe-west-1.cloud.adc-e.uk", "123456789012.dkr.ecr.us-isof-east-1.csp.hci.ic.gov",
 "123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com", "https://public.ecr.aws", "public.ecr.aws",
 "https://public.ecr.aws/amazonlinux", ".dkr.ecr.not-real.amazonaws.com", "not.ecr.io",
 "https://123456789012.dkr.ecr.us-west-2.amazonaws.com.fake.example.com/image:latest",
 "123456789012.dkr.ecr.us-west-2.amazonaws.com.fake.example.com", "123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com.fake.example.com",
 "210987654321.dkr.ecr.cn-north-1.amazonaws.com.cn.fake.example.com.cn", "https://public.ecr.aws.fake.example.com",
 "public.ecr.aws.fake.example.com", "123456789012.dkr.ecr.eusc-de-east-1.amazonaws.eu",
 "123456789012.dkr-ecr.cn-north-1.on.amazonwebservices.com.cn", "123456789012.dkr-ecr-fips.us-gov-east-1.on.aws",
 "123456789123.dkr.ecr.us-west-2.amazonaws.com/public.ecr.aws/foo:latest", "123456789012.dkr.ecr.us-east-1.amazonaws.com:443/x",
 "123456789012.dkr.ecr.us-east-1.amazonaws.com:abc", "user@123456789012.dkr.ecr.us-east-1.amazonaws.com",
 "https://123456789012.dkr.ecr.us-east-1.amazonaws.com@evil.example.com/", "123456789012.dkr.ecr.us-east-1.amazonaws.com/%zz",
 "123456789012.dkr.ecr.us-east-1.amazonaws.com/?q=%zz", "123456789012.dkr.ecr.us-east-1.amazonaws.com/#%zz",
 "123456789012.dkr.ecr.us_east_1.amazonaws.com", "123456789012.dkr.ecr.-x.amazonaws.com",
]
for b in ["123456789012.dkr.ecr.lala-land-1.amazonaws.com", "123456789012.dkr-ecr-fips.us-gov-east-1.on.aws", "https://public.ecr.aws/x"]:
    for p in range(len(b) + 1):
        for c in [".", "-", "/", ":", "@", "1", "x", "_", "?", "#", "%", " "]:
            ecr.append(b[:p] + c + b[p:])
            if p < len(b): ecr.append(b[:p] + c + b[p+1:])
        if p < len(b): ecr.append(b[:p] + b[p+1:])
seen=set()
with open("ecr-inputs.jsonl", "w") as f:
    for s in ecr:
        if s not in seen:
            seen.add(s); f.write(json.dumps(s) + "\n")
print(len(seen))

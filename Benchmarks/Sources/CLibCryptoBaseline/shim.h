// libcrypto for the baseline measurements in SigV4Benchmarks.
#include <openssl/evp.h>
#include <openssl/hmac.h>
